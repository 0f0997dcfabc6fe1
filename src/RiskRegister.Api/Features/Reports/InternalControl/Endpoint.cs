using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Api.Features.Reports.InternalControl;

public sealed class Request
{
    /// <summary>The nämnd (a unit of kind <c>board</c>).</summary>
    public long Id { get; set; }
    /// <summary>The year judged.</summary>
    [QueryParam] public int? Year { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Year).NotNull().InclusiveBetween(2000, 2100);
    }
}

/// <summary>The nämnd, by id and name.</summary>
public sealed class BoardRef
{
    public long Id { get; init; }
    public required string Name { get; init; }
}

/// <summary>Both follow-up rounds of one plan: done of total, when due, whether overdue.</summary>
public sealed class PlanRounds
{
    public required RoundStatus Round1 { get; init; }
    public required RoundStatus Round2 { get; init; }
}

/// <summary>One förvaltning's riskanalys och riskhanteringsplan for the year, as the auditors judge it.</summary>
public sealed class ControlPlan
{
    public long UnitId { get; init; }
    public required string UnitName { get; init; }
    /// <summary>The plan's id; null when the förvaltning has none for the year.</summary>
    public long? PlanId { get; init; }
    /// <summary><c>missing</c> (no plan for the year), <c>draft</c>, <c>adopted</c> or <c>closed</c>.</summary>
    public required string Status { get; init; }
    /// <summary>The nämnd's adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>Risks in this year's plan.</summary>
    public int RiskCount { get; init; }
    /// <summary>Risks in the year before's plan; null when there was none.</summary>
    public int? RiskCountPreviousYear { get; init; }
    /// <summary>Follow-up progress; null without a plan.</summary>
    public PlanRounds? FollowUps { get; init; }
    /// <summary>The auditors' areas for this plan, as <c>GET /plans/{id}/assessment</c> gives them.</summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
}

/// <summary>The nämnd's internal control for one year: each förvaltning's plan, and the nämnd's verdict per area.</summary>
public sealed class Response
{
    public required BoardRef Unit { get; init; }
    public int Year { get; init; }
    /// <summary>Every förvaltning under the nämnd (a registrator: its own), with its plan or <c>missing</c>.</summary>
    public IReadOnlyList<ControlPlan> Plans { get; init; } = [];
    /// <summary>Per area the worst verdict of the plans, each finding naming its förvaltning.</summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
    /// <summary>Identifierade förbättringsområden: the improvement areas recorded at uppföljning 2, by förvaltning.</summary>
    public IReadOnlyList<string> ImprovementAreas { get; init; } = [];
}

public sealed class Endpoint(Db db, TimeProvider time, AdoptionPolicy adoption, IOptions<FollowUpSettings> followUps) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units/{id}/internal-control");
        Roles(RiskRegister.Api.Auth.Roles.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The nämnd's internal control for a year, as the auditors judge it: every förvaltning's plan, and the nämnd's verdict per area";
            s.Description = "For a nämnd (unit of kind `board`): each förvaltning's plan for the year (or `missing`) with its decision, risks against the year before and follow-up progress, the auditors' areas per plan, the nämnd's worst verdict per area with findings naming their förvaltning, and the improvement areas. A registrator sees its own förvaltningar only.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var year = req.Year!.Value;
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        await using var connection = await db.OpenAsync(ct);
        var board = await connection.QuerySingleOrDefaultAsync<(long Id, string Name, string Kind)?>(new CommandDefinition(
            "SELECT id, name, kind FROM units WHERE id = @id", new { id = req.Id }, cancellationToken: ct));
        if (board is not { Kind: "board" }) ThrowError(r => r.Id, $"No nämnd (unit of kind board) {req.Id}.", 404);
        var nämnd = board.Value;
        var units = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM units WHERE parent_id = @id ORDER BY name, id", new { id = req.Id }, cancellationToken: ct)))
            .Where(u => caller.CanSee(u.Id)).ToList();
        var plans = (await connection.QueryAsync<(long Id, long UnitId, long Year, long RiskCount)>(new CommandDefinition("""
            SELECT p.id, p.unit_id, p.year, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id)
            FROM plans p JOIN units u ON u.id = p.unit_id WHERE u.parent_id = @id AND p.year IN (@year, @previous)
            """,
            new { id = req.Id, year, previous = year - 1 }, cancellationToken: ct))).ToList();

        var rows = new List<ControlPlan>();
        var improvements = new List<string>();
        var due = followUps.Value;
        foreach (var unit in units)
        {
            int? previousCount = plans.Where(p => p.UnitId == unit.Id && p.Year == year - 1).Select(p => (int?)p.RiskCount).FirstOrDefault();
            var current = plans.Where(p => p.UnitId == unit.Id && p.Year == year).Select(p => (long?)p.Id).FirstOrDefault();
            if (current is not { } planId || await PlanView.LoadAsync(connection, null, planId, adoption, ct) is not { } plan)
            {
                rows.Add(new ControlPlan { UnitId = unit.Id, UnitName = unit.Name, Status = "missing", RiskCountPreviousYear = previousCount, Areas = AssessmentCriteria.Missing(year) });
                continue;
            }
            var risks = plan.HeldRisks;
            var (round1, round2) = ReportFigures.Progress(risks.ToList());
            rows.Add(new ControlPlan
            {
                UnitId = unit.Id, UnitName = unit.Name, PlanId = plan.Id, Status = plan.Status.ToApi(), Decision = plan.Decision,
                RiskCount = risks.Count, RiskCountPreviousYear = previousCount,
                FollowUps = new PlanRounds
                {
                    Round1 = RoundStatus.Of(round1.Done, round1.Total, due.Round1For(year), today),
                    Round2 = RoundStatus.Of(round2.Done, round2.Total, due.Round2For(year), today),
                },
                Areas = AssessmentCriteria.Judge(plan.Scale, plan.Status, risks, today),
            });
            improvements.AddRange(risks.Select(r => r.Round2?.ImprovementAreas.Trim()).Where(t => !string.IsNullOrEmpty(t)).Distinct()
                .Select(t => $"{unit.Name}: {t}"));
        }
        await Send.OkAsync(new Response
        {
            Unit = new BoardRef { Id = nämnd.Id, Name = nämnd.Name }, Year = year, Plans = rows,
            Areas = AssessmentCriteria.Combine(rows.Select(r => (r.UnitName, r.Areas)).ToList()),
            ImprovementAreas = improvements,
        }, ct);
    }
}
