using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Api.Features.Reports.InternalControl;

public sealed class Request
{
    /// <summary>The unit (a nämnd, förvaltning or område): its report covers every plan in its subtree.</summary>
    public long Id { get; set; }
    /// <summary>The year judged.</summary>
    [QueryParam] public int? Year { get; set; }
    /// <summary>The day judged (YYYY-MM-DD, past or future); default today. A round not yet due on it is <c>ejAktuellt</c>.</summary>
    [QueryParam] public DateOnly? AsOf { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Year).NotNull().InclusiveBetween(2000, 2100);
    }
}

/// <summary>The unit reported on, by id and name.</summary>
public sealed class BoardRef
{
    public long Id { get; init; }
    public required string Name { get; init; }
    /// <summary><c>board</c>, <c>administration</c> (or a lower level).</summary>
    public string Kind { get; init; } = "board";
}

/// <summary>Both follow-up rounds of one plan: done of total, when due and complete, the nämnd's handling, late, overdue.</summary>
public sealed class PlanRounds
{
    public required RoundStatus Round1 { get; init; }
    public required RoundStatus Round2 { get; init; }
}

/// <summary>One unit's riskanalys och riskhanteringsplan for the year, as the auditors judge it.</summary>
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
    /// <summary>The nämnd's decisions adopting revisions of the plan, first to latest; empty when it was never revised.</summary>
    public IReadOnlyList<Decision> Revisions { get; init; } = [];
    /// <summary>Risks in this year's plan.</summary>
    public int RiskCount { get; init; }
    /// <summary>Risks in the year before's plan; null when there was none.</summary>
    public int? RiskCountPreviousYear { get; init; }
    /// <summary>Follow-up progress; null without a plan.</summary>
    public PlanRounds? FollowUps { get; init; }
    /// <summary>Per follow-up round, what the plan's kontrollmoment found: carried out, deviations, and controls with deviations but no action; empty without a plan.</summary>
    public IReadOnlyList<ControlRound> ControlRounds { get; init; } = [];
    /// <summary>The auditors' six areas for this plan, as <c>GET /plans/{id}/assessment</c> gives them.</summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
    /// <summary>The plan's uppföljning 2 improvement areas, for the printed document to group by förvaltning.</summary>
    internal IReadOnlyList<string> Improvements { get; init; } = [];
    /// <summary>How many of the plan's risks are marked secret, for the printed document's notice.</summary>
    internal int MarkedRisks { get; init; }
}

/// <summary>The risks and controls of a unit's plans for the year that link to one goal.</summary>
public sealed class GoalCount
{
    public long GoalId { get; init; }
    /// <summary>The goal's unit.</summary>
    public long UnitId { get; init; }
    public required string Title { get; init; }
    /// <summary>The goal's code where the region keeps its goals (Stratsys), if any.</summary>
    public string? ExternalRef { get; init; }
    /// <summary>Risks linked to the goal.</summary>
    public int Risks { get; init; }
    /// <summary>Kontrollmoment linked to the goal.</summary>
    public int Controls { get; init; }
    /// <summary>The units whose plans hold them, in the report's order.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];
}

/// <summary>The unit's internal control for one year: each plan in its subtree, and the unit's weighed verdict per area.</summary>
public sealed class Response
{
    public required BoardRef Unit { get; init; }
    public int Year { get; init; }
    /// <summary>The date judged on.</summary>
    public DateOnly AsOf { get; init; }
    /// <summary>The whole on the auditors' scale: <c>tillracklig</c>, <c>inteHeltTillracklig</c> or <c>inteTillracklig</c>.</summary>
    public Conclusion Conclusion { get; init; }
    /// <summary>Every plan in the subtree (a registrator: its own units'), and <c>missing</c> for a förvaltning without one.</summary>
    public IReadOnlyList<ControlPlan> Plans { get; init; } = [];
    /// <summary>
    /// Per area the plans' verdicts weighed: <c>uppfyllt</c> when no plan deviates, <c>inteUppfyllt</c> when plans holding at
    /// least half of the risks are <c>inteUppfyllt</c>, else <c>inteHeltUppfyllt</c>; each finding and observation names its unit.
    /// </summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
    /// <summary>Identifierade förbättringsområden: the improvement areas recorded at uppföljning 2, by förvaltning.</summary>
    public IReadOnlyList<string> ImprovementAreas { get; init; } = [];
    /// <summary>
    /// Risker per mål: each goal (of the unit, a unit above it or one below) that a risk or control of the year's plans
    /// links to, with how many and in which units. A marked risk's links are withheld from a redacting reader.
    /// </summary>
    public IReadOnlyList<GoalCount> ByGoal { get; init; } = [];

    /// <summary>Whether the plans were read in full or with their marked risks redacted: the printed document says which.</summary>
    internal Disclosure Disclosure { get; init; }
}

public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption, IOptions<FollowUpSettings> followUps, PdfPrinter printer) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units/{id}/internal-control");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "A unit's internal control for a year, weighed as the auditors weigh: JSON, or the nämnd's printable Swedish document for Accept: text/html";
            s.Description = "For a unit of any level, over every plan in its subtree: each plan for the year (or `missing` for a förvaltning without one) with its decision, risks against the year before and follow-up progress, the auditors' six areas per plan, the unit's weighed verdict per area (`uppfyllt` when no plan deviates, `inteUppfyllt` when plans holding at least half of the risks are, else `inteHeltUppfyllt`; `ejAktuellt` when not yet due on `asOf`) with findings and observations naming their unit, the `conclusion` (`tillracklig`, `inteHeltTillracklig`, `inteTillracklig`) and the improvement areas. With `Accept: text/html` the nämnd's own document, *Uppföljning av intern kontroll {year} – {nämnd}*, laid out like the auditors' table (Delområde · Bedömning · Iakttagelser); with `Accept: application/pdf` that document printed by headless Chromium (`406` without one: `Documents:ChromiumPath`). A registrator sees its own units' plans only.";
        });
        Description(d => d.Ok<Response>("text/html", DocumentFormats.Pdf).Problems(400, 404, 406), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var format = DocumentFormats.Pick(HttpContext);
        if (format == DocumentFormat.Pdf && printer.Chromium is null)
        {
            await ApiProblem.WriteAsync(HttpContext, StatusCodes.Status406NotAcceptable, PdfPrinter.MissingReason);
            return;
        }
        // Every plan of the nämnd is read in full to be judged: built in its turn like a plan document (DocumentGate).
        await using var document = await gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            var report = await ReadAsync(connection, req.Id, req.Year!.Value, req.AsOf, ct);
            if (report is null) return false;
            if (format != DocumentFormat.Json)
                await DocumentFormats.WriteAsync<InternalControlDocument>(format, HttpContext.RequestServices, new Dictionary<string, object?>
                {
                    [nameof(InternalControlDocument.Report)] = report,
                    [nameof(InternalControlDocument.Printed)] = time.GetUtcNow(),
                }, buffer, ct);
            else
                await System.Text.Json.JsonSerializer.SerializeAsync(buffer, report, ApiJson.Options, ct);
            return true;
        }, ct);
        if (document is null) ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: DocumentFormats.ContentType(HttpContext.Response, format), cancellation: ct);
    }

    /// <summary>
    /// The units a unit's report has a row for, in the tree's order (each unit before those below it, siblings by
    /// name): every unit with a plan for the year or the year before (missing now), and every förvaltning no plan covers
    /// (none of its own, above it up to the unit reported on, or below it), as <c>missing</c>. A nämnd that adopts one plan for itself,
    /// broken down by område, so has one row; one whose förvaltningar each adopt a plan, a row for each.
    /// </summary>
    internal static IReadOnlyList<(long Id, string Name)> ReportedUnits(long boardId, IReadOnlyList<(long Id, string Name, string Kind, long? ParentId)> subtree,
        IReadOnlySet<long> withPlan, IReadOnlySet<long> withPlanBefore)
    {
        var tree = new UnitTree(subtree.Select(u => new UnitNode(u.Id, EnumText.FromApi<UnitKind>(u.Kind), u.ParentId)));
        var children = subtree.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value);
        var ordered = new List<(long Id, string Name)>();
        void Visit((long Id, string Name, string Kind, long? ParentId) unit)
        {
            var covered = withPlan.Contains(unit.Id)
                || tree.Ancestors(unit.Id).Any(a => withPlan.Contains(a.Id))   // the tree holds the nämnd's subtree only
                || tree.Subtree(unit.Id).Overlaps(withPlan);
            if (withPlan.Contains(unit.Id) || withPlanBefore.Contains(unit.Id) || (unit.Kind == "administration" && !covered))
                ordered.Add((unit.Id, unit.Name));
            foreach (var child in children[unit.Id].OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)) Visit(child);
        }
        foreach (var top in subtree.Where(u => u.Id == boardId)) Visit(top);
        return ordered;
    }

    /// <summary>The report for the unit <paramref name="unitId"/> and its subtree, or null when there is no such unit.</summary>
    private async Task<Response?> ReadAsync(System.Data.Common.DbConnection connection, long unitId, int year, DateOnly? asOfGiven, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var asOf = asOfGiven ?? DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var due = followUps.Value;
        var (round1Due, round2Due) = (due.Round1For(year), due.Round2For(year));
        // The unit and everything below it, at any depth.
        var tree = (await connection.QueryAsync<(long Id, string Name, string Kind, long? ParentId, long Depth)>(new CommandDefinition("""
            WITH RECURSIVE subtree(id, name, kind, parent_id, depth) AS (
                SELECT id, name, kind, parent_id, CAST(0 AS BIGINT) FROM units WHERE id = @id
                UNION ALL
                SELECT u.id, u.name, u.kind, u.parent_id, s.depth + 1 FROM units u JOIN subtree s ON u.parent_id = s.id
            )
            SELECT id, name, kind, parent_id, depth FROM subtree ORDER BY depth, name, id
            """, new { id = unitId }, cancellationToken: ct))).ToList();
        // A reader who may see no unit of the subtree finds no report, as it finds no plan it may not see.
        if (tree.Count == 0 || !tree.Any(u => caller.CanSee(u.Id))) return null;
        var root = tree[0];
        var ids = tree.Select(u => u.Id).ToHashSet();
        var plans = (await connection.QueryAsync<(long Id, long UnitId, long Year, long RiskCount)>(new CommandDefinition(
            $"""
            SELECT p.id, p.unit_id, p.year, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id)
            FROM plans p WHERE p.year IN (@year, @previous) AND {SqlDialect.InList(connection, "p.unit_id", "@ids")}
            """,
            new { ids = ids.ToArray(), year, previous = year - 1 }, cancellationToken: ct))).ToList();
        var units = ReportedUnits(unitId, tree.Select(u => (u.Id, u.Name, u.Kind, u.ParentId)).ToList(),
                plans.Where(p => p.Year == year).Select(p => p.UnitId).ToHashSet(), plans.Where(p => p.Year == year - 1).Select(p => p.UnitId).ToHashSet())
            .Where(u => caller.CanSee(u.Id)).ToList();

        var rows = new List<ControlPlan>();
        var links = new List<(long GoalId, string UnitName, bool Risk)>();
        foreach (var unit in units)
        {
            int? previousCount = plans.Where(p => p.UnitId == unit.Id && p.Year == year - 1).Select(p => (int?)p.RiskCount).FirstOrDefault();
            var current = plans.Where(p => p.UnitId == unit.Id && p.Year == year).Select(p => (long?)p.Id).FirstOrDefault();
            if (current is not { } planId || await PlanView.LoadAsync(connection, null, planId, adoption, Disclosure.Full, new RoundDays(due, asOf), ct) is not { } plan)
            {
                // Reported without a plan: a förvaltning no plan covers, or a unit that had one the year before.
                rows.Add(new ControlPlan
                {
                    UnitId = unit.Id, UnitName = unit.Name, Status = "missing", RiskCountPreviousYear = previousCount,
                    Areas = AssessmentCriteria.Missing(year, asOf, round1Due, round2Due, previousCount),
                });
                continue;
            }
            var risks = plan.HeldRisks;
            var revisions = (await Revisions.RevisionLedger.LoadAsync(connection, null, plan.Id, ct))
                .Where(v => v.State == Revisions.RevisionState.Adopted && v.Decision is not null).Select(v => v.Decision!).ToList();
            // The links of the plan's risks and controls, less those a redacting reader does not get (a marked risk's).
            var shown = risks.Where(r => !r.IsRedactedFor(caller.Disclosure)).ToList();
            links.AddRange(shown.SelectMany(r => (r.GoalIds ?? []).Select(g => (g, unit.Name, true))));
            links.AddRange(plan.HeldControls.Where(c => c.RiskId is not { } riskId || shown.Any(r => r.Id == riskId))
                .SelectMany(c => (c.GoalIds ?? []).Select(g => (g, unit.Name, false))));
            rows.Add(new ControlPlan
            {
                UnitId = unit.Id, UnitName = unit.Name, PlanId = plan.Id, Status = plan.Status.ToApi(), Decision = plan.Decision, Revisions = revisions,
                RiskCount = risks.Count, RiskCountPreviousYear = previousCount,
                FollowUps = new PlanRounds { Round1 = plan.Round1!, Round2 = plan.Round2! },
                ControlRounds = [ControlRound.Of(plan.HeldControls, 1), ControlRound.Of(plan.HeldControls, 2)],
                // Judged on the risks as held; a redacting reader's findings name marked risks by their marking.
                Areas = AssessmentCriteria.Judge(Assessment.Judging.Input(plan, asOf, due, previousCount), caller.Disclosure),
                MarkedRisks = risks.Count(r => r.Secrecy is not null),
                // An empty improvement area is an answer (none), never printed as one.
                Improvements = risks.Where(r => !r.IsRedactedFor(caller.Disclosure)).Select(r => r.Round2?.ImprovementAreas.Trim()).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct().ToList(),
            });
        }
        var byGoal = new List<GoalCount>();
        if (links.Count > 0)
        {
            var unitTree = await Units.UnitView.LoadTreeAsync(connection, null, ct);
            var goalUnits = GoalRules.UnitsSeenFrom(unitTree, unitId).Union(ids).ToList();
            foreach (var goal in (await Goals.GoalReader.OfUnitsAsync(connection, null, goalUnits, ct)).OrderBy(g => unitTree.Depth(g.UnitId)).ThenBy(g => g.Id))
            {
                var of = links.Where(l => l.GoalId == goal.Id).ToList();
                if (of.Count == 0) continue;
                byGoal.Add(new GoalCount
                {
                    GoalId = goal.Id, UnitId = goal.UnitId, Title = goal.Title, ExternalRef = goal.ExternalRef,
                    Risks = of.Count(l => l.Risk), Controls = of.Count(l => !l.Risk), Units = of.Select(l => l.UnitName).Distinct().ToList(),
                });
            }
        }
        var areas = AssessmentCriteria.Combine(rows.Select(r => (r.UnitName, r.PlanId is null ? r.RiskCountPreviousYear ?? 0 : r.RiskCount, r.Areas)).ToList());
        return new Response
        {
            Unit = new BoardRef { Id = root.Id, Name = root.Name, Kind = root.Kind }, Year = year, AsOf = asOf, Plans = rows,
            Areas = areas, Conclusion = AssessmentCriteria.Conclude(areas),
            ImprovementAreas = rows.SelectMany(r => r.Improvements.Select(t => $"{r.UnitName}: {t}")).ToList(),
            ByGoal = byGoal,
            Disclosure = caller.Disclosure,
        };
    }
}
