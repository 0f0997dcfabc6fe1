using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.FollowUps;
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
    /// <summary>The plan's uppföljning 2 improvement areas, for the printed document to group by förvaltning.</summary>
    internal IReadOnlyList<string> Improvements { get; init; } = [];
    /// <summary>How many of the plan's risks are marked secret, for the printed document's notice.</summary>
    internal int MarkedRisks { get; init; }
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

    /// <summary>Whether the plans were read in full or with their marked risks redacted: the printed document says which.</summary>
    internal Disclosure Disclosure { get; init; }
}

public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption, IOptions<FollowUpSettings> followUps) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units/{id}/internal-control");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The nämnd's internal control for a year, as the auditors judge it: JSON, or a printable Swedish document for Accept: text/html";
            s.Description = "For a nämnd (unit of kind `board`): each förvaltning's plan for the year (or `missing`) with its decision, risks against the year before and follow-up progress, the auditors' areas per plan, the nämnd's worst verdict per area with findings naming their förvaltning, and the improvement areas. With `Accept: text/html` the same as a printable Swedish document laid out like the auditors' table (Delområde · Bedömning · Iakttagelser). A registrator sees its own förvaltningar only.";
        });
        Description(d => d.Ok<Response>("text/html").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var html = Negotiation.PicksDocument(HttpContext);
        // Every plan of the nämnd is read in full to be judged: built in its turn like a plan document (DocumentGate).
        await using var document = await gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            var report = await ReadAsync(connection, req.Id, req.Year!.Value, ct);
            if (report is null) return false;
            if (html)
                await DocumentRenderer.WriteAsync<InternalControlDocument>(HttpContext.RequestServices, new Dictionary<string, object?>
                {
                    [nameof(InternalControlDocument.Report)] = report,
                    [nameof(InternalControlDocument.Printed)] = time.GetUtcNow(),
                }, buffer);
            else
                await System.Text.Json.JsonSerializer.SerializeAsync(buffer, report, ApiJson.Options, ct);
            return true;
        }, ct);
        if (document is null) ThrowError(r => r.Id, $"No nämnd (unit of kind board) {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: Negotiation.DocumentContentType(HttpContext.Response, html), cancellation: ct);
    }

    /// <summary>The report for the nämnd <paramref name="boardId"/>, or null when it is not a nämnd.</summary>
    private async Task<Response?> ReadAsync(System.Data.Common.DbConnection connection, long boardId, int year, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var board = await connection.QuerySingleOrDefaultAsync<(long Id, string Name, string Kind)?>(new CommandDefinition(
            "SELECT id, name, kind FROM units WHERE id = @id", new { id = boardId }, cancellationToken: ct));
        if (board is not { Kind: "board" } nämnd) return null;
        var units = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM units WHERE parent_id = @id ORDER BY name, id", new { id = boardId }, cancellationToken: ct)))
            .Where(u => caller.CanSee(u.Id)).ToList();
        var plans = (await connection.QueryAsync<(long Id, long UnitId, long Year, long RiskCount)>(new CommandDefinition("""
            SELECT p.id, p.unit_id, p.year, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id)
            FROM plans p JOIN units u ON u.id = p.unit_id WHERE u.parent_id = @id AND p.year IN (@year, @previous)
            """,
            new { id = boardId, year, previous = year - 1 }, cancellationToken: ct))).ToList();

        var rows = new List<ControlPlan>();
        var due = followUps.Value;
        foreach (var unit in units)
        {
            int? previousCount = plans.Where(p => p.UnitId == unit.Id && p.Year == year - 1).Select(p => (int?)p.RiskCount).FirstOrDefault();
            var current = plans.Where(p => p.UnitId == unit.Id && p.Year == year).Select(p => (long?)p.Id).FirstOrDefault();
            if (current is not { } planId || await PlanView.LoadAsync(connection, null, planId, adoption, Disclosure.Full, ct) is not { } plan)
            {
                rows.Add(new ControlPlan { UnitId = unit.Id, UnitName = unit.Name, Status = "missing", RiskCountPreviousYear = previousCount, Areas = AssessmentCriteria.Missing(year) });
                continue;
            }
            var risks = plan.HeldRisks;
            var (round1, round2) = ReportFigures.Progress(risks.ToList());
            var controls = plan.HeldControls;
            rows.Add(new ControlPlan
            {
                UnitId = unit.Id, UnitName = unit.Name, PlanId = plan.Id, Status = plan.Status.ToApi(), Decision = plan.Decision,
                RiskCount = risks.Count, RiskCountPreviousYear = previousCount,
                FollowUps = new PlanRounds
                {
                    Round1 = RoundStatus.Of(round1.Done, round1.Total, due.Round1For(year), today, ControlRules.Progress(controls, 1)),
                    Round2 = RoundStatus.Of(round2.Done, round2.Total, due.Round2For(year), today, ControlRules.Progress(controls, 2)),
                },
                // Judged on the risks as held; a redacting reader's findings name marked risks by their marking.
                Areas = AssessmentCriteria.Judge(plan.Scale, plan.Status, risks, today, caller.Disclosure, controls),
                MarkedRisks = risks.Count(r => r.Secrecy is not null),
                Improvements = risks.Where(r => !r.IsRedactedFor(caller.Disclosure)).Select(r => r.Round2?.ImprovementAreas.Trim()).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct().ToList(),
            });
        }
        return new Response
        {
            Unit = new BoardRef { Id = nämnd.Id, Name = nämnd.Name }, Year = year, Plans = rows,
            Areas = AssessmentCriteria.Combine(rows.Select(r => (r.UnitName, r.Areas)).ToList()),
            ImprovementAreas = rows.SelectMany(r => r.Improvements.Select(t => $"{r.UnitName}: {t}")).ToList(),
            Disclosure = caller.Disclosure,
        };
    }
}
