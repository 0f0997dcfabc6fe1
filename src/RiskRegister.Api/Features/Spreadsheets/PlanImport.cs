using System.Globalization;
using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;
using static RiskRegister.Api.Features.Spreadsheets.PlanSheets;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>One change an import makes: a row that creates or updates, with the values it stores.</summary>
public abstract record ImportChange;
public sealed record RiskCreated(int Row, RiskValues Values) : ImportChange;
public sealed record RiskUpdated(long RiskId, RiskValues Values) : ImportChange;
public sealed record ActivityCreated(RiskRef Risk, ActivityValues Values) : ImportChange;
public sealed record ActivityUpdated(long RiskId, long ActivityId, ActivityValues Values) : ImportChange;
public sealed record Round1Recorded(long RiskId, FollowUps.RecordFollowUp1.Request Values) : ImportChange;
public sealed record Round2Recorded(long RiskId, FollowUps.RecordFollowUp2.Request Values) : ImportChange;
public sealed record ControlCreated(RiskRef? Risk, ControlValues Values) : ImportChange;
public sealed record ControlUpdated(long ControlId, RiskRef? Risk, ControlValues Values) : ImportChange;
public sealed record ControlResultRecorded(long ControlId, int Round, Controls.RecordControlResult.Request Values) : ImportChange;

/// <summary>
/// The risk a row belongs to: a stored risk by its id, or a risk the same import creates, by its row in <c>Risker</c>
/// (it has no id until the import stores it).
/// </summary>
public readonly record struct RiskRef(long? Id, int? NewRow);

/// <summary>A risk's values as a row gives them; <paramref name="Areas"/> its konsekvens per area (null: assessed as one value).</summary>
public sealed record RiskValues(string Title, string Description, int Probability, int Consequence, HandlingMethod Method,
    string? Motivation, string? Category, string? Owner, string? Goal, IReadOnlyDictionary<string, int>? Areas = null, IReadOnlyList<long>? GoalIds = null);

public sealed record ActivityValues(string Description, string Measure, DateOnly Due, string? Responsible, HandlingStatus Status);

/// <summary>A control's values as a row gives them; <paramref name="GoalIds"/> null when the sheet has no <c>Mål-id</c> (its links stay).</summary>
public sealed record ControlValues(string Title, string? Description, ControlMethod Method, ControlFrequency Frequency, string? Scope,
    string? Responsible, string? ReportedTo, DateOnly? Due, IReadOnlyList<long>? GoalIds = null);

/// <summary>
/// What a workbook would change in a plan, judged against the plan as it is: every row checked by the API's own rules
/// (the request validators of the operations the row stands for, the plan's scale, its status, the limits), every
/// problem keyed by its cell (<c>Risker!E7</c>), and the changes and counts per sheet when there is none. Pure: the
/// caller stores the changes, or (a dry run) only answers the counts.
/// </summary>
public sealed class PlanImport
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly List<ImportChange> changes = [];
    private readonly Dictionary<string, int> created = Imported.ToDictionary(s => s, _ => 0), updated = Imported.ToDictionary(s => s, _ => 0),
        unchanged = Imported.ToDictionary(s => s, _ => 0);

    public IReadOnlyDictionary<string, List<string>> Errors => errors;
    public IReadOnlyList<ImportChange> Changes => changes;
    public IReadOnlyDictionary<string, int> Created => created;
    public IReadOnlyDictionary<string, int> Updated => updated;
    public IReadOnlyDictionary<string, int> Unchanged => unchanged;

    private const string RiskSheet = PlanSheets.Risks, ActivitySheet = PlanSheets.Activities, ControlSheet = PlanSheets.Controls;

    private readonly PlanView plan;
    private readonly LimitSettings limits;
    private readonly Dictionary<long, RiskView> risks;
    private readonly PlanHeader header;
    private readonly Goals.GoalLinks.GoalsSeen goals;

    // The risks a row may name by title, as the plan will hold them: each Risker row by the title it is given (a new
    // risk's only name), and the stored risks the sheet leaves out by their stored titles. Upper and lower case aside.
    private readonly Dictionary<string, List<(RiskRef Risk, string Cell)>> riskTitles = new(StringComparer.OrdinalIgnoreCase);

    private PlanImport(PlanView plan, LimitSettings limits, Goals.GoalLinks.GoalsSeen goals)
    {
        this.plan = plan;
        this.limits = limits;
        this.goals = goals;
        risks = plan.Risks.ToDictionary(r => r.Id);
        header = new PlanHeader(plan.Id, plan.UnitId, plan.Year, plan.Status, plan.Scale, plan.Version);
    }

    /// <summary>The most rows each sheet may hold below its header: the plan's limits.</summary>
    public static Dictionary<string, int> MaxRows(LimitSettings limits) => new(StringComparer.Ordinal)
    {
        [PlanSheets.Plan] = 100,
        [RiskSheet] = limits.MaxRisksPerPlan,
        [ActivitySheet] = limits.MaxRisksPerPlan * limits.MaxActivitiesPerRisk,
        [Round1] = limits.MaxRisksPerPlan,
        [Round2] = limits.MaxRisksPerPlan,
        [ControlSheet] = limits.MaxControlsPerPlan,
        [ControlResults1] = limits.MaxControlsPerPlan,
        [ControlResults2] = limits.MaxControlsPerPlan,
    };

    /// <summary>Judges the workbook's rows against <paramref name="plan"/> (read in full, as held) and the goals its unit sees.</summary>
    public static PlanImport Judge(Dictionary<string, List<RowRead>> sheets, PlanView plan, LimitSettings limits, Goals.GoalLinks.GoalsSeen goals)
    {
        var import = new PlanImport(plan, limits, goals);
        if (sheets.GetValueOrDefault(PlanSheets.Plan) is { } planRows) import.CheckPlanSheet(planRows);
        import.JudgeRisks(sheets.GetValueOrDefault(RiskSheet) ?? []);
        import.JudgeActivities(sheets.GetValueOrDefault(ActivitySheet) ?? []);
        import.JudgeControls(sheets.GetValueOrDefault(ControlSheet) ?? []);
        import.JudgeRound1(sheets.GetValueOrDefault(Round1) ?? []);
        import.JudgeRound2(sheets.GetValueOrDefault(Round2) ?? []);
        import.JudgeControlResults(1, sheets.GetValueOrDefault(ControlResults1) ?? []);
        import.JudgeControlResults(2, sheets.GetValueOrDefault(ControlResults2) ?? []);
        return import;
    }

    private void Error(string cell, string message)
    {
        if (!errors.TryGetValue(cell, out var list)) errors[cell] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    // The workbook names its plan (Plan!B2): another plan's workbook is refused, not merged into this one.
    private void CheckPlanSheet(List<RowRead> rows)
    {
        foreach (var row in rows)
        {
            if (!row.Cells.TryGetValue(0, out var label) || label.Text.Trim() != PlanIdField || !row.Cells.TryGetValue(1, out var value)) continue;
            if (!long.TryParse(value.Text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id != plan.Id)
                Error($"{PlanSheets.Plan}!{CellReference.Of(1, row.Number)}",
                    $"The workbook is plan {value.Text.Trim()}'s, not plan {plan.Id}'s: import it into its own plan, or clear this cell.");
        }
    }

    /// <summary>The columns of a sheet, found by its header row; a column the import needs and the sheet lacks is a problem at A1.</summary>
    private (Dictionary<string, int> Columns, IEnumerable<RowRead> Rows)? Layout(string sheet, List<RowRead> rows, string[] needed)
    {
        if (rows.Count == 0) return null;
        var header = rows[0].Number == 1 ? rows[0] : null;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (column, cell) in header?.Cells ?? [])
            columns.TryAdd(cell.Text.Trim(), column);
        var missing = needed.Where(h => !columns.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            Error($"{sheet}!A1", $"The header row lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (see GET /api/v1/plans/import-template).");
            return null;
        }
        return (columns, rows.Where(r => r.Number > 1));
    }

    private string Frozen => $"Plan {plan.Id} is {plan.Status.ToApi()}: its risk assessment is frozen.";

    private void JudgeRisks(List<RowRead> rows)
    {
        string[] needed = [Id, Title, Description, Probability, Consequence, Method, Motivation, Category, Owner, Goal];
        var seen = new HashSet<long>();
        JudgeRiskRows(rows, needed, seen);
        foreach (var risk in plan.Risks.Where(r => !seen.Contains(r.Id)))
            NameRisk(risk.Title, new RiskRef(risk.Id, null), $"risk {risk.Id}");
    }

    private void NameRisk(string? title, RiskRef risk, string cell)
    {
        if (string.IsNullOrWhiteSpace(title)) return;
        if (!riskTitles.TryGetValue(title.Trim(), out var named)) riskTitles[title.Trim()] = named = [];
        named.Add((risk, cell));
    }

    private void JudgeRiskRows(List<RowRead> rows, string[] needed, HashSet<long> seen)
    {
        if (Layout(RiskSheet, rows, needed) is not var (columns, body)) return;
        var count = plan.Risks.Count;
        foreach (var row in body)
        {
            var cells = new RowCells(this, RiskSheet, row, columns);
            var id = cells.Whole(Id);
            if (id is null) NameRisk(cells.Peek(Title), new RiskRef(null, row.Number), cells.Cell(Title));
            else if (risks.ContainsKey(id.Value) && !seen.Contains(id.Value)) NameRisk(cells.Peek(Title), new RiskRef(id, null), cells.Cell(Title));
            var values = new Risks.Create.Request
            {
                Title = cells.Text(Title), Description = cells.Text(Description), Probability = (int?)cells.Whole(Probability),
                Consequence = (int?)cells.Whole(Consequence), Consequences = AreaCells(cells), HandlingMethod = cells.Code<HandlingMethod>(Method),
                Motivation = cells.Text(Motivation), Category = cells.Text(Category), Owner = cells.Text(Owner), Goal = cells.Text(Goal),
                GoalIds = cells.GoalIdList(GoalIds),
            };
            cells.Check(new Risks.Create.Request.Validator().Validate(values), RiskColumns);
            CheckGoals(cells, values.GoalIds);
            if (values.Probability is { } p && values.Consequence is { } c)
                foreach (var (field, reason) in FollowUpGate.ScaleErrors(plan.Scale, p, c))
                    cells.ErrorUnlessRefused(field == "probability" ? Probability : Consequence, reason);
            var held = id is { } known && risks.TryGetValue(known, out var stored) ? stored : null;
            var assessed = Assess(cells, values, held);
            if (id is null)
            {
                if (plan.Status != PlanStatus.Draft) cells.Error(Title, Frozen);
                else if (++count > limits.MaxRisksPerPlan)
                    cells.Error(Title, $"Plan {plan.Id} would hold {count} risks; a plan may hold {limits.MaxRisksPerPlan} (Limits:MaxRisksPerPlan).");
                if (cells.Failed) continue;
                created[RiskSheet]++;
                changes.Add(new RiskCreated(row.Number, ValuesOf(values, assessed!)));
                continue;
            }
            if (!risks.TryGetValue(id.Value, out var current)) { cells.Error(Id, $"Plan {plan.Id} has no risk {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(Id, $"Risk {id} is on more than one row."); continue; }
            if (cells.Failed) continue;
            var next = ValuesOf(values, assessed!);
            var differs = Differences(current, next, plan.Scale);
            if (differs.Count == 0) { unchanged[RiskSheet]++; continue; }
            if (plan.Status != PlanStatus.Draft)
            {
                foreach (var header in differs) cells.Error(header, Frozen + " Record changes as follow-ups.");
                continue;
            }
            updated[RiskSheet]++;
            changes.Add(new RiskUpdated(current.Id, next));
        }
    }

    private static readonly Dictionary<string, string> RiskColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Title"] = Title, ["Description"] = Description, ["Probability"] = Probability, ["Consequence"] = Consequence,
        ["HandlingMethod"] = Method, ["Motivation"] = Motivation, ["Category"] = Category, ["Owner"] = Owner, ["Goal"] = Goal, ["GoalIds"] = GoalIds,
    };

    /// <summary>The goals a row links to, judged as the API judges <c>goalIds</c>: each a goal the plan's unit sees.</summary>
    private void CheckGoals(RowCells cells, IReadOnlyList<long>? goalIds)
    {
        if (goalIds is null) return;
        cells.ErrorsUnlessRefused(GoalIds, goals.Problems(goalIds).Select(p => p.Reason));
    }

    /// <summary>The links as stored: each goal once, in id order (null stays null: the sheet had no Mål-id).</summary>
    private static IReadOnlyList<long>? Links(IReadOnlyList<long>? goalIds) => goalIds?.Distinct().Order().ToList();

    private static bool SameLinks(IReadOnlyList<long> held, IReadOnlyList<long>? read) => read is null || held.Order().SequenceEqual(read);

    /// <summary>
    /// The values of a row's consequence areas (<c>Konsekvens: ekonomi</c>), the empty ones left out: <c>{}</c> when all
    /// are empty (the risk assessed as one value), null when the sheet has no such columns (the areas held stay).
    /// </summary>
    private Dictionary<string, int>? AreaCells(RowCells cells)
    {
        if (plan.Scale.ConsequenceAreas.Count == 0 || !plan.Scale.ConsequenceAreas.Any(a => cells.Has(AreaHeader(a)))) return null;
        var areas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var area in plan.Scale.ConsequenceAreas)
            if (cells.Count(AreaHeader(area)) is { } value) areas[area] = value;
        return areas;
    }

    /// <summary>
    /// The risk's konsekvens and areas by the API's rule (<see cref="ConsequenceRules.Resolve"/>), each problem at the cell
    /// of the field it names. A Konsekvens cell left as exported beside changed area cells follows the areas (it was their
    /// maximum; the person edited the areas); one changed to disagree with them is refused, as the API refuses it.
    /// </summary>
    private ConsequenceRules.Assessed? Assess(RowCells cells, Risks.Create.Request values, RiskView? held)
    {
        var consequence = values.Consequence;
        if (held is not null && consequence == held.Consequence && values.Consequences is { } areas && !SameAreas(held.Consequences, areas))
            consequence = null;
        var (assessed, problems) = ConsequenceRules.Resolve(plan.Scale, consequence, values.Consequences,
            held is null ? null : new ConsequenceRules.Assessed(held.Consequence, held.Consequences));
        foreach (var (field, reason) in problems)
            cells.ErrorUnlessRefused(field.StartsWith("consequences.", StringComparison.Ordinal) ? AreaHeader(field["consequences.".Length..]) : Consequence, reason);
        return assessed;
    }

    private static int? AreaValue(IReadOnlyDictionary<string, int>? areas, string area) => areas is not null && areas.TryGetValue(area, out var v) ? v : null;

    private static bool SameAreas(IReadOnlyDictionary<string, int>? held, IReadOnlyDictionary<string, int>? read) =>
        (held ?? new Dictionary<string, int>()).OrderBy(a => a.Key, StringComparer.Ordinal)
            .SequenceEqual((read ?? new Dictionary<string, int>()).OrderBy(a => a.Key, StringComparer.Ordinal));

    // As the risk operations store them: trimmed, an empty optional text as none; the konsekvens as resolved with its areas.
    private static RiskValues ValuesOf(Risks.Create.Request r, ConsequenceRules.Assessed assessed) => new(r.Title!.Trim(), r.Description?.Trim() ?? "", r.Probability!.Value,
        assessed.Consequence, r.HandlingMethod!.Value, Text.OrNull(r.Motivation), Text.OrNull(r.Category), Text.OrNull(r.Owner), Text.OrNull(r.Goal),
        assessed.Areas is { Count: > 0 } areas ? areas : null, Links(r.GoalIds));

    private static List<string> Differences(RiskView current, RiskValues next, Scale scale)
    {
        var differs = new List<string>();
        if (!Same(current.Title, next.Title)) differs.Add(Title);
        if (!Same(current.Description, next.Description)) differs.Add(Description);
        if (current.Probability != next.Probability) differs.Add(Probability);
        if (current.Consequence != next.Consequence) differs.Add(Consequence);
        foreach (var area in scale.ConsequenceAreas)
            if (AreaValue(current.Consequences, area) != AreaValue(next.Areas, area)) differs.Add(AreaHeader(area));
        if (current.HandlingMethod != next.Method) differs.Add(Method);
        if (!Same(current.Motivation, next.Motivation)) differs.Add(Motivation);
        if (!Same(current.Category, next.Category)) differs.Add(Category);
        if (!Same(current.Owner, next.Owner)) differs.Add(Owner);
        if (!Same(current.Goal, next.Goal)) differs.Add(Goal);
        if (!SameLinks(current.GoalIds, next.GoalIds)) differs.Add(GoalIds);
        return differs;
    }

    /// <summary>Texts are the same when they differ only in their line ends (a workbook's XML keeps <c>\n</c> of a stored <c>\r\n</c>).</summary>
    private static bool Same(string? stored, string? read) =>
        string.Equals(stored?.ReplaceLineEndings("\n"), read?.ReplaceLineEndings("\n"), StringComparison.Ordinal);

    /// <summary>
    /// The risk a row of Aktiviteter or Kontrollmoment names: by its id in Risk-id, or, with Risk-id empty, by its title
    /// in Risk (how a risk the same workbook adds is named). Null when the row names none, or names one that is not
    /// there (a problem at the cell that names it).
    /// </summary>
    private RiskRef? NamedRisk(RowCells cells, string what)
    {
        if (!cells.Empty(RiskId))
        {
            if (cells.Whole(RiskId) is not { } id) return null;
            if (risks.ContainsKey(id)) return new RiskRef(id, null);
            cells.Error(RiskId, $"Plan {plan.Id} has no risk {id}.");
            return null;
        }
        if (cells.Text(RiskTitle)?.Trim() is not { } title) return null;
        if (!riskTitles.TryGetValue(title, out var named))
        {
            cells.Error(RiskTitle, $"No risk is titled \"{title}\" in {RiskSheet} or in plan {plan.Id}. {NameTheRisk(what)}");
            return null;
        }
        if (named.Count > 1)
        {
            cells.Error(RiskTitle, $"{named.Count} risks are titled \"{title}\" ({string.Join(", ", named.Select(n => n.Cell))}): write the risk's id in Risk-id, or give the risks different titles.");
            return null;
        }
        return named[0].Risk;
    }

    private static string NameTheRisk(string what) =>
        $"Name the {what}'s risk by its id in Risk-id, or, for a risk this workbook adds to {RiskSheet}, by its title in Risk exactly as there.";

    private static string Name(RiskRef risk) => risk.Id is { } id ? id.ToString(CultureInfo.InvariantCulture) : $"on {RiskSheet} row {risk.NewRow}";

    private void JudgeActivities(List<RowRead> rows)
    {
        string[] needed = [Id, RiskId, Activity, Measure, Due, Responsible, Status];
        if (Layout(ActivitySheet, rows, needed) is not var (columns, body)) return;
        var byId = plan.Risks.SelectMany(r => r.Activities).ToDictionary(a => a.Id);
        var perRisk = plan.Risks.ToDictionary(r => new RiskRef(r.Id, null), r => r.Activities.Count);
        var seen = new HashSet<long>();
        foreach (var row in body)
        {
            var cells = new RowCells(this, ActivitySheet, row, columns);
            var id = cells.Whole(Id);
            var risk = NamedRisk(cells, "activity");
            var values = new Activities.Create.Request
            {
                Description = cells.Text(Activity), Measure = cells.Text(Measure), Due = cells.Date(Due), Responsible = cells.Text(Responsible),
            };
            var status = cells.Code<HandlingStatus>(Status);
            if (risk is null && cells.Empty(RiskId, RiskTitle)) cells.Error(RiskId, NameTheRisk("activity"));
            cells.Check(new Activities.Create.Request.Validator().Validate(values), ActivityColumns);
            if (cells.Failed) continue;
            var next = new ActivityValues(values.Description!.Trim(), values.Measure!.Trim(), values.Due!.Value, Text.OrNull(values.Responsible), status ?? HandlingStatus.NotStarted);
            if (id is null)
            {
                if (plan.Status != PlanStatus.Draft)
                    cells.Error(Activity, $"Plan {plan.Id} is {plan.Status.ToApi()}: activities are part of the adopted plan; only their status can change.");
                else if ((perRisk[risk!.Value] = perRisk.GetValueOrDefault(risk.Value) + 1) > limits.MaxActivitiesPerRisk)
                    cells.Error(risk.Value.Id is null ? RiskTitle : RiskId,
                        $"Risk {Name(risk.Value)} would hold {perRisk[risk.Value]} activities; a risk may hold {limits.MaxActivitiesPerRisk} (Limits:MaxActivitiesPerRisk).");
                if (cells.Failed) continue;
                created[ActivitySheet]++;
                changes.Add(new ActivityCreated(risk!.Value, next));
                continue;
            }
            if (!byId.TryGetValue(id.Value, out var current)) { cells.Error(Id, $"Plan {plan.Id} has no activity {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(Id, $"Activity {id} is on more than one row."); continue; }
            if (current.RiskId != risk!.Value.Id) { cells.Error(RiskId, $"Activity {id} belongs to risk {current.RiskId}; an activity cannot move to another risk."); continue; }
            var differs = new List<string>();
            if (!Same(current.Description, next.Description)) differs.Add(Activity);
            if (!Same(current.Measure, next.Measure)) differs.Add(Measure);
            if (current.Due != next.Due) differs.Add(Due);
            if (!Same(current.Responsible, next.Responsible)) differs.Add(Responsible);
            var statusChanged = status is { } s && s != current.Status;
            if (differs.Count == 0 && !statusChanged) { unchanged[ActivitySheet]++; continue; }
            if (plan.Status == PlanStatus.Closed)
            {
                foreach (var header in differs.Append(Status).Where(h => h != Status || statusChanged)) cells.Error(header, $"Plan {plan.Id} is closed.");
                continue;
            }
            if (plan.Status == PlanStatus.Adopted && differs.Count > 0)
            {
                foreach (var header in differs) cells.Error(header, $"Plan {plan.Id} is adopted: only an activity's status can change.");
                continue;
            }
            updated[ActivitySheet]++;
            changes.Add(new ActivityUpdated(current.RiskId, current.Id, next with { Status = status ?? current.Status }));
        }
    }

    private static readonly Dictionary<string, string> ActivityColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Description"] = Activity, ["Measure"] = Measure, ["Due"] = Due, ["Responsible"] = Responsible,
    };

    private void JudgeRound1(List<RowRead> rows)
    {
        string[] needed = [RiskId, HandlingDone, Observations, EventsSeen, Probability, Consequence];
        if (Layout(Round1, rows, needed) is not var (columns, body)) return;
        var seen = new HashSet<long>();
        foreach (var row in body)
        {
            var cells = new RowCells(this, Round1, row, columns);
            // A risk's row left empty records nothing: the export lists every risk, recorded or not.
            if (cells.Empty(HandlingDone, Observations, EventsSeen, Probability, Consequence)) continue;
            if (RoundRisk(cells, seen) is not { } risk) continue;
            var values = new FollowUps.RecordFollowUp1.Request
            {
                Id = risk.Id, HandlingStatus = cells.Code<HandlingStatus>(HandlingDone), Observations = cells.Text(Observations),
                Events = cells.Text(EventsSeen), Probability = (int?)cells.Whole(Probability), Consequence = (int?)cells.Whole(Consequence),
            };
            cells.Check(new FollowUps.RecordFollowUp1.Request.Validator().Validate(values), Round1Columns);
            if (values.Probability is { } p && values.Consequence is { } c)
                foreach (var (field, reason) in FollowUpGate.ScaleErrors(plan.Scale, p, c))
                    cells.ErrorUnlessRefused(field == "probability" ? Probability : Consequence, reason);
            if (cells.Failed) continue;
            if (risk.FollowUp1 is { } current && current.HandlingStatus == values.HandlingStatus && Same(current.Observations, values.Observations!.Trim())
                && Same(current.Events, values.Events!.Trim()) && current.Probability == values.Probability && current.Consequence == values.Consequence)
            {
                unchanged[Round1]++;
                continue;
            }
            if (Refused(cells, risk)) continue;
            (risk.FollowUp1 is null ? created : updated)[Round1]++;
            changes.Add(new Round1Recorded(risk.Id, values));
        }
    }

    private static readonly Dictionary<string, string> Round1Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HandlingStatus"] = HandlingDone, ["Observations"] = Observations, ["Events"] = EventsSeen, ["Probability"] = Probability, ["Consequence"] = Consequence,
    };

    private void JudgeRound2(List<RowRead> rows)
    {
        string[] needed = [RiskId, Result, ImprovementAreas, FinalMotivation, Probability, Consequence];
        if (Layout(Round2, rows, needed) is not var (columns, body)) return;
        var seen = new HashSet<long>();
        foreach (var row in body)
        {
            var cells = new RowCells(this, Round2, row, columns);
            if (cells.Empty(Result, ImprovementAreas, FinalMotivation, Probability, Consequence)) continue;
            if (RoundRisk(cells, seen) is not { } risk) continue;
            var values = new FollowUps.RecordFollowUp2.Request
            {
                Id = risk.Id, Result = cells.Text(Result), ImprovementAreas = cells.Text(ImprovementAreas), FinalMotivation = cells.Text(FinalMotivation),
                Probability = (int?)cells.Whole(Probability), Consequence = (int?)cells.Whole(Consequence),
            };
            cells.Check(new FollowUps.RecordFollowUp2.Request.Validator().Validate(values), Round2Columns);
            if (values.Probability is { } p && values.Consequence is { } c)
                foreach (var (field, reason) in FollowUpGate.ScaleErrors(plan.Scale, p, c))
                    cells.ErrorUnlessRefused(field == "probability" ? Probability : Consequence, reason);
            if (cells.Failed) continue;
            if (risk.FollowUp2 is { } current && Same(current.Result, values.Result!.Trim()) && Same(current.ImprovementAreas, values.ImprovementAreas!.Trim())
                && Same(current.FinalMotivation, values.FinalMotivation!.Trim()) && current.Probability == values.Probability && current.Consequence == values.Consequence)
            {
                unchanged[Round2]++;
                continue;
            }
            if (Refused(cells, risk)) continue;
            (risk.FollowUp2 is null ? created : updated)[Round2]++;
            changes.Add(new Round2Recorded(risk.Id, values));
        }
    }

    private static readonly Dictionary<string, string> Round2Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Result"] = Result, ["ImprovementAreas"] = ImprovementAreas, ["FinalMotivation"] = FinalMotivation, ["Probability"] = Probability, ["Consequence"] = Consequence,
    };

    private void JudgeControls(List<RowRead> rows)
    {
        string[] needed = [Id, RiskId, RiskTitle, ControlTitle, Description, ControlMethodColumn, Frequency, Scope, Responsible, ReportedTo, Due];
        if (Layout(ControlSheet, rows, needed) is not var (columns, body)) return;
        var byId = plan.Controls.ToDictionary(c => c.Id);
        var count = plan.Controls.Count;
        var seen = new HashSet<long>();
        var refusal = ControlEditing.Refusal(header);
        foreach (var row in body)
        {
            var cells = new RowCells(this, ControlSheet, row, columns);
            var id = cells.Whole(Id);
            // Neither Risk-id nor Risk: a control that stands alone (attest, jäv, delegation).
            var risk = NamedRisk(cells, "control");
            var values = new Controls.Create.Request
            {
                Title = cells.Text(ControlTitle), Description = cells.Text(Description), Method = cells.Code<ControlMethod>(ControlMethodColumn),
                Frequency = cells.Code<ControlFrequency>(Frequency), Scope = cells.Text(Scope), Responsible = cells.Text(Responsible),
                ReportedTo = cells.Text(ReportedTo), Due = cells.Date(Due), GoalIds = cells.GoalIdList(GoalIds),
            };
            cells.Check(new Controls.Create.Request.Validator().Validate(values), ControlColumns);
            CheckGoals(cells, values.GoalIds);
            if (id is null)
            {
                if (refusal is not null) cells.Error(ControlTitle, refusal);
                else if (++count > limits.MaxControlsPerPlan)
                    cells.Error(ControlTitle, $"Plan {plan.Id} would hold {count} controls; a plan may hold {limits.MaxControlsPerPlan} (Limits:MaxControlsPerPlan).");
                if (cells.Failed) continue;
                created[ControlSheet]++;
                changes.Add(new ControlCreated(risk, ValuesOf(values)));
                continue;
            }
            if (!byId.TryGetValue(id.Value, out var current)) { cells.Error(Id, $"Plan {plan.Id} has no control {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(Id, $"Control {id} is on more than one row."); continue; }
            if (cells.Failed) continue;
            var next = ValuesOf(values);
            var differs = new List<string>();
            if (current.RiskId != risk?.Id || risk?.NewRow is not null) differs.Add(risk?.NewRow is null ? RiskId : RiskTitle);
            if (!Same(current.Title, next.Title)) differs.Add(ControlTitle);
            if (!Same(current.Description, next.Description)) differs.Add(Description);
            if (current.Method != next.Method) differs.Add(ControlMethodColumn);
            if (current.Frequency != next.Frequency) differs.Add(Frequency);
            if (!Same(current.Scope, next.Scope)) differs.Add(Scope);
            if (!Same(current.Responsible, next.Responsible)) differs.Add(Responsible);
            if (!Same(current.ReportedTo, next.ReportedTo)) differs.Add(ReportedTo);
            if (current.Due != next.Due) differs.Add(Due);
            if (!SameLinks(current.GoalIds, next.GoalIds)) differs.Add(GoalIds);
            if (differs.Count == 0) { unchanged[ControlSheet]++; continue; }
            if (refusal is not null)
            {
                foreach (var column in differs) cells.Error(column, refusal);
                continue;
            }
            updated[ControlSheet]++;
            changes.Add(new ControlUpdated(current.Id, risk, next));
        }
    }

    private static readonly Dictionary<string, string> ControlColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Title"] = ControlTitle, ["Description"] = Description, ["Method"] = ControlMethodColumn, ["Frequency"] = Frequency, ["Scope"] = Scope,
        ["Responsible"] = Responsible, ["ReportedTo"] = ReportedTo, ["GoalIds"] = GoalIds,
    };

    // As the control operations store them: trimmed, an empty optional text as none.
    private static ControlValues ValuesOf(Controls.Create.Request c) => new(c.Title!.Trim(), Text.OrNull(c.Description), c.Method!.Value,
        c.Frequency!.Value, Text.OrNull(c.Scope), Text.OrNull(c.Responsible), Text.OrNull(c.ReportedTo), c.Due, Links(c.GoalIds));

    private void JudgeControlResults(int round, List<RowRead> rows)
    {
        var sheet = ControlResults(round);
        string[] needed = [ControlId, Result, Checked, Deviations, Actions];
        if (Layout(sheet, rows, needed) is not var (columns, body)) return;
        var byId = plan.Controls.ToDictionary(c => c.Id);
        var seen = new HashSet<long>();
        foreach (var row in body)
        {
            var cells = new RowCells(this, sheet, row, columns);
            // A control's row left empty records nothing: the export lists every control, recorded or not.
            if (cells.Empty(Result, Checked, Deviations, Actions)) continue;
            var id = cells.Whole(ControlId);
            if (cells.Failed) continue;
            if (id is null) { cells.Error(ControlId, $"Name the control by its id ({ControlSheet}, column Id); a control this workbook adds has its results recorded once it is stored."); continue; }
            if (!byId.TryGetValue(id.Value, out var control)) { cells.Error(ControlId, $"Plan {plan.Id} has no control {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(ControlId, $"Control {id} is on more than one row."); continue; }
            var values = new Controls.RecordControlResult.Request
            {
                Id = control.Id, Round = round, Result = cells.Text(Result), Checked = cells.Count(Checked), Deviations = cells.Count(Deviations),
                Actions = cells.Text(Actions),
            };
            cells.Check(new Controls.RecordControlResult.Request.Validator().Validate(values), ResultColumns);
            if (cells.Failed) continue;
            var current = control.Results.FirstOrDefault(r => r.Round == round);
            if (current is not null && Same(current.Result, values.Result!.Trim()) && current.Checked == values.Checked
                && current.Deviations == values.Deviations && Same(current.Actions, Text.OrNull(values.Actions)))
            {
                unchanged[sheet]++;
                continue;
            }
            if (ControlEditing.ResultRefusal(header) is { } refusal) { cells.Error(ControlId, refusal); continue; }
            (current is null ? created : updated)[sheet]++;
            changes.Add(new ControlResultRecorded(control.Id, round, values));
        }
    }

    private static readonly Dictionary<string, string> ResultColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Result"] = Result, ["Checked"] = Checked, ["Deviations"] = Deviations, ["Actions"] = Actions,
    };

    private RiskView? RoundRisk(RowCells cells, HashSet<long> seen)
    {
        var riskId = cells.Whole(RiskId);
        if (cells.Failed) return null;
        if (riskId is null) { cells.Error(RiskId, "Name the risk by its id (Risker, column Id)."); return null; }
        if (!risks.TryGetValue(riskId.Value, out var risk)) { cells.Error(RiskId, $"Plan {plan.Id} has no risk {riskId}."); return null; }
        if (!seen.Add(riskId.Value)) { cells.Error(RiskId, $"Risk {riskId} is on more than one row."); return null; }
        return risk;
    }

    // The follow-up operations' own refusal: a draft has no follow-ups yet, a closed plan's are final.
    private bool Refused(RowCells cells, RiskView risk)
    {
        if (FollowUpGate.Refusal(new RiskHeader(risk.Id, risk.Version, header)) is not { } refusal) return false;
        cells.Error(RiskId, refusal);
        return true;
    }

    /// <summary>The cells of one row, read as the columns' types; each problem is recorded at its cell.</summary>
    private sealed class RowCells(PlanImport import, string sheet, RowRead row, Dictionary<string, int> columns)
    {
        public bool Failed { get; private set; }

        public string Cell(string header) => $"{sheet}!{CellReference.Of(columns.TryGetValue(header, out var c) ? c : 0, row.Number)}";

        private readonly HashSet<string> failed = [];

        public void Error(string header, string message)
        {
            Failed = true;
            failed.Add(header);
            import.Error(Cell(header), message);
        }

        /// <summary>A further rule's finding, unless the cell is already refused (one reason a cell is wrong is enough).</summary>
        public void ErrorUnlessRefused(string header, string message)
        {
            if (!failed.Contains(header)) Error(header, message);
        }

        private CellRead? Read(string header)
        {
            if (!columns.TryGetValue(header, out var column) || !row.Cells.TryGetValue(column, out var cell)) return null;
            if (cell.Problem is { } problem) { Error(header, problem); return null; }
            return string.IsNullOrWhiteSpace(cell.Text) ? null : cell;
        }

        /// <summary>Whether the sheet has the column.</summary>
        public bool Has(string header) => columns.ContainsKey(header);

        /// <summary>All of <paramref name="messages"/> at the cell, unless it is already refused.</summary>
        public void ErrorsUnlessRefused(string header, IEnumerable<string> messages)
        {
            if (failed.Contains(header)) return;
            foreach (var message in messages) Error(header, message);
        }

        /// <summary>
        /// Goals' ids, comma-separated (<c>3, 7</c>): empty for an empty cell, null when the sheet has no such column
        /// (a workbook from before goals: the links stay as they are) or the cell is refused.
        /// </summary>
        public List<long>? GoalIdList(string header)
        {
            if (!columns.ContainsKey(header)) return null;
            if (Read(header) is not { } cell) return failed.Contains(header) ? null : [];
            var ids = new List<long>();
            foreach (var part in cell.Text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && Math.Abs(number) < 1e15)
                {
                    ids.Add((long)number);
                    continue;
                }
                Error(header, "Must be goals' ids separated by commas, e.g. 3, 7 (see GET /api/v1/units/{id}/goals).");
                return null;
            }
            return ids;
        }

        public bool Empty(params string[] headers) => headers.All(h => !columns.TryGetValue(h, out var c) || !row.Cells.TryGetValue(c, out var cell) || string.IsNullOrWhiteSpace(cell.Text) && cell.Problem is null);

        public string? Text(string header) => Read(header)?.Text;

        /// <summary>The cell's text as written, recording nothing: for naming a row before its cells are judged.</summary>
        public string? Peek(string header) =>
            columns.TryGetValue(header, out var column) && row.Cells.TryGetValue(column, out var cell) && cell.Problem is null && !string.IsNullOrWhiteSpace(cell.Text)
                ? cell.Text : null;

        /// <summary>A count: a whole number a request's <c>int</c> can hold.</summary>
        public int? Count(string header)
        {
            if (Whole(header) is not { } number) return null;
            if (number is >= int.MinValue and <= int.MaxValue) return (int)number;
            Error(header, "Must be a whole number.");
            return null;
        }

        public long? Whole(string header)
        {
            if (Read(header) is not { } cell) return null;
            if (double.TryParse(cell.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number == Math.Floor(number) && Math.Abs(number) < 1e15)
                return (long)number;
            Error(header, "Must be a whole number.");
            return null;
        }

        public DateOnly? Date(string header)
        {
            if (Read(header) is not { } cell) return null;
            if (cell.IsNumber && double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
                return new DateOnly(1899, 12, 30).AddDays((int)Math.Floor(serial));
            if (DateOnly.TryParseExact(cell.Text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Error(header, "Must be a date written YYYY-MM-DD.");
            return null;
        }

        public T? Code<T>(string header) where T : struct, Enum
        {
            if (Read(header) is not { } cell) return null;
            if (EnumText.TryFromApiExactly<T>(cell.Text.Trim(), out var value)) return value;
            Error(header, "Must be one of: " + string.Join(", ", Enum.GetValues<T>().Select(v => v.ToApi())) + ".");
            return null;
        }

        /// <summary>The request validator's findings, each at the cell of the member it names (a cell that could not be read already says why).</summary>
        public void Check(ValidationResult result, Dictionary<string, string> headerOf)
        {
            foreach (var failure in result.Errors)
                if (headerOf.TryGetValue(failure.PropertyName, out var header) && !failed.Contains(header)) Error(header, failure.ErrorMessage);
        }
    }
}
