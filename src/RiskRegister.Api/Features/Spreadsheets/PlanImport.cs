using System.Globalization;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;
using static RiskRegister.Api.Features.Spreadsheets.PlanSheets;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>One change an import makes: a row that creates or updates, with the values it stores.</summary>
public abstract record ImportChange;
public sealed record RiskCreated(RiskValues Values) : ImportChange;
public sealed record RiskUpdated(long RiskId, RiskValues Values) : ImportChange;
public sealed record ActivityCreated(long RiskId, ActivityValues Values) : ImportChange;
public sealed record ActivityUpdated(long RiskId, long ActivityId, ActivityValues Values) : ImportChange;
public sealed record Round1Recorded(long RiskId, FollowUps.RecordFollowUp1.Request Values) : ImportChange;
public sealed record Round2Recorded(long RiskId, FollowUps.RecordFollowUp2.Request Values) : ImportChange;

public sealed record RiskValues(string Title, string Description, int Probability, int Consequence, HandlingMethod Method,
    string? Motivation, string? Category, string? Owner, string? Goal);

public sealed record ActivityValues(string Description, string Measure, DateOnly Due, string? Responsible, HandlingStatus Status);

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

    private const string RiskSheet = PlanSheets.Risks, ActivitySheet = PlanSheets.Activities;

    private readonly PlanView plan;
    private readonly LimitSettings limits;
    private readonly Dictionary<long, RiskView> risks;

    private PlanImport(PlanView plan, LimitSettings limits)
    {
        this.plan = plan;
        this.limits = limits;
        risks = plan.Risks.ToDictionary(r => r.Id);
    }

    /// <summary>The most rows each sheet may hold below its header: the plan's limits.</summary>
    public static Dictionary<string, int> MaxRows(LimitSettings limits) => new(StringComparer.Ordinal)
    {
        [PlanSheets.Plan] = 100,
        [RiskSheet] = limits.MaxRisksPerPlan,
        [ActivitySheet] = limits.MaxRisksPerPlan * limits.MaxActivitiesPerRisk,
        [Round1] = limits.MaxRisksPerPlan,
        [Round2] = limits.MaxRisksPerPlan,
    };

    /// <summary>Judges the workbook's rows against <paramref name="plan"/> (read in full, as held).</summary>
    public static PlanImport Judge(Dictionary<string, List<RowRead>> sheets, PlanView plan, LimitSettings limits)
    {
        var import = new PlanImport(plan, limits);
        if (sheets.GetValueOrDefault(PlanSheets.Plan) is { } planRows) import.CheckPlanSheet(planRows);
        import.JudgeRisks(sheets.GetValueOrDefault(RiskSheet) ?? []);
        import.JudgeActivities(sheets.GetValueOrDefault(ActivitySheet) ?? []);
        import.JudgeRound1(sheets.GetValueOrDefault(Round1) ?? []);
        import.JudgeRound2(sheets.GetValueOrDefault(Round2) ?? []);
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
        if (Layout(RiskSheet, rows, needed) is not var (columns, body)) return;
        var seen = new HashSet<long>();
        var count = plan.Risks.Count;
        foreach (var row in body)
        {
            var cells = new RowCells(this, RiskSheet, row, columns);
            var id = cells.Whole(Id);
            var values = new Risks.Create.Request
            {
                Title = cells.Text(Title), Description = cells.Text(Description), Probability = (int?)cells.Whole(Probability),
                Consequence = (int?)cells.Whole(Consequence), HandlingMethod = cells.Code<HandlingMethod>(Method),
                Motivation = cells.Text(Motivation), Category = cells.Text(Category), Owner = cells.Text(Owner), Goal = cells.Text(Goal),
            };
            cells.Check(new Risks.Create.Request.Validator().Validate(values), RiskColumns);
            if (values.Probability is { } p && values.Consequence is { } c)
                foreach (var (field, reason) in FollowUpGate.ScaleErrors(plan.Scale, p, c))
                    cells.ErrorUnlessRefused(field == "probability" ? Probability : Consequence, reason);
            if (id is null)
            {
                if (plan.Status != PlanStatus.Draft) cells.Error(Title, Frozen);
                else if (++count > limits.MaxRisksPerPlan)
                    cells.Error(Title, $"Plan {plan.Id} would hold {count} risks; a plan may hold {limits.MaxRisksPerPlan} (Limits:MaxRisksPerPlan).");
                if (cells.Failed) continue;
                created[RiskSheet]++;
                changes.Add(new RiskCreated(ValuesOf(values)));
                continue;
            }
            if (!risks.TryGetValue(id.Value, out var current)) { cells.Error(Id, $"Plan {plan.Id} has no risk {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(Id, $"Risk {id} is on more than one row."); continue; }
            if (cells.Failed) continue;
            var next = ValuesOf(values);
            var differs = Differences(current, next);
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
        ["HandlingMethod"] = Method, ["Motivation"] = Motivation, ["Category"] = Category, ["Owner"] = Owner, ["Goal"] = Goal,
    };

    // As the risk operations store them: trimmed, an empty optional text as none.
    private static RiskValues ValuesOf(Risks.Create.Request r) => new(r.Title!.Trim(), r.Description?.Trim() ?? "", r.Probability!.Value,
        r.Consequence!.Value, r.HandlingMethod!.Value, Text.OrNull(r.Motivation), Text.OrNull(r.Category), Text.OrNull(r.Owner), Text.OrNull(r.Goal));

    private static List<string> Differences(RiskView current, RiskValues next)
    {
        var differs = new List<string>();
        if (!Same(current.Title, next.Title)) differs.Add(Title);
        if (!Same(current.Description, next.Description)) differs.Add(Description);
        if (current.Probability != next.Probability) differs.Add(Probability);
        if (current.Consequence != next.Consequence) differs.Add(Consequence);
        if (current.HandlingMethod != next.Method) differs.Add(Method);
        if (!Same(current.Motivation, next.Motivation)) differs.Add(Motivation);
        if (!Same(current.Category, next.Category)) differs.Add(Category);
        if (!Same(current.Owner, next.Owner)) differs.Add(Owner);
        if (!Same(current.Goal, next.Goal)) differs.Add(Goal);
        return differs;
    }

    /// <summary>Texts are the same when they differ only in their line ends (a workbook's XML keeps <c>\n</c> of a stored <c>\r\n</c>).</summary>
    private static bool Same(string? stored, string? read) =>
        string.Equals(stored?.ReplaceLineEndings("\n"), read?.ReplaceLineEndings("\n"), StringComparison.Ordinal);

    private void JudgeActivities(List<RowRead> rows)
    {
        string[] needed = [Id, RiskId, Activity, Measure, Due, Responsible, Status];
        if (Layout(ActivitySheet, rows, needed) is not var (columns, body)) return;
        var byId = plan.Risks.SelectMany(r => r.Activities).ToDictionary(a => a.Id);
        var perRisk = plan.Risks.ToDictionary(r => r.Id, r => r.Activities.Count);
        var seen = new HashSet<long>();
        foreach (var row in body)
        {
            var cells = new RowCells(this, ActivitySheet, row, columns);
            var id = cells.Whole(Id);
            var riskId = cells.Whole(RiskId);
            var values = new Activities.Create.Request
            {
                Description = cells.Text(Activity), Measure = cells.Text(Measure), Due = cells.Date(Due), Responsible = cells.Text(Responsible),
            };
            var status = cells.Code<HandlingStatus>(Status);
            if (riskId is null) cells.ErrorUnlessRefused(RiskId, "Name the activity's risk by its id (Risker, column Id).");
            else if (!risks.ContainsKey(riskId.Value)) cells.Error(RiskId, $"Plan {plan.Id} has no risk {riskId}.");
            cells.Check(new Activities.Create.Request.Validator().Validate(values), ActivityColumns);
            if (cells.Failed) continue;
            var next = new ActivityValues(values.Description!.Trim(), values.Measure!.Trim(), values.Due!.Value, Text.OrNull(values.Responsible), status ?? HandlingStatus.NotStarted);
            if (id is null)
            {
                if (plan.Status != PlanStatus.Draft)
                    cells.Error(Activity, $"Plan {plan.Id} is {plan.Status.ToApi()}: activities are part of the adopted plan; only their status can change.");
                else if (++perRisk[riskId!.Value] > limits.MaxActivitiesPerRisk)
                    cells.Error(RiskId, $"Risk {riskId} would hold {perRisk[riskId.Value]} activities; a risk may hold {limits.MaxActivitiesPerRisk} (Limits:MaxActivitiesPerRisk).");
                if (cells.Failed) continue;
                created[ActivitySheet]++;
                changes.Add(new ActivityCreated(riskId!.Value, next));
                continue;
            }
            if (!byId.TryGetValue(id.Value, out var current)) { cells.Error(Id, $"Plan {plan.Id} has no activity {id}."); continue; }
            if (!seen.Add(id.Value)) { cells.Error(Id, $"Activity {id} is on more than one row."); continue; }
            if (current.RiskId != riskId) { cells.Error(RiskId, $"Activity {id} belongs to risk {current.RiskId}; an activity cannot move to another risk."); continue; }
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
        var header = new RiskHeader(risk.Id, risk.Version, new PlanHeader(plan.Id, plan.UnitId, plan.Year, plan.Status, plan.Scale, plan.Version));
        if (FollowUpGate.Refusal(header) is not { } refusal) return false;
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

        public bool Empty(params string[] headers) => headers.All(h => !columns.TryGetValue(h, out var c) || !row.Cells.TryGetValue(c, out var cell) || string.IsNullOrWhiteSpace(cell.Text) && cell.Problem is null);

        public string? Text(string header) => Read(header)?.Text;

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
