using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>
/// A plan as a workbook: its sheets, their Swedish headers, and what each row holds. The import reads the same headers
/// (PlanImport), so what is exported imports back. Values are the API's: ids, codes (<c>atgard</c>,
/// <c>notStarted</c>), steps on the plan's scale, dates; the hidden <c>Listor</c> holds the codes and steps with their
/// labels, and feeds the dropdowns. Columns an import does not read (riskvärde, nivå, a risk's title beside its id)
/// are there for the reader.
/// <para>
/// A row of <c>Aktiviteter</c> or <c>Kontrollmoment</c> names its risk by the risk's id (<c>Risk-id</c>); a risk the
/// same workbook adds (a <c>Risker</c> row without an id) has none yet, so such a row leaves <c>Risk-id</c> empty and
/// writes the new risk's title in <c>Risk</c>, exactly as on its <c>Risker</c> row: a new risk, its activities and its
/// controls go in one import. A control with neither stands alone.
/// </para>
/// </summary>
public static class PlanSheets
{
    public const string Plan = "Plan", Risks = "Risker", Activities = "Aktiviteter", Round1 = "Uppföljning 1", Round2 = "Uppföljning 2", Lists = "Listor",
        Controls = "Kontrollmoment", ControlResults1 = "Kontrollresultat 1", ControlResults2 = "Kontrollresultat 2";

    /// <summary>The sheets an import counts, in order.</summary>
    public static readonly string[] Imported = [Risks, Activities, Controls, Round1, ControlResults1, Round2, ControlResults2];

    /// <summary>A round's sheet of control results.</summary>
    public static string ControlResults(int round) => round == 1 ? ControlResults1 : ControlResults2;

    // Headers; the import finds its columns by them.
    public const string Id = "Id", RiskId = "Risk-id", RiskTitle = "Risk", Title = "Titel", Description = "Beskrivning",
        Probability = "Sannolikhet", Consequence = "Konsekvens", Score = "Riskvärde", Level = "Nivå", Method = "Hanteringsmetod",
        Motivation = "Motivering", Category = "Riskområde", Owner = "Riskägare", Goal = "Mål",
        Activity = "Aktivitet", Measure = "Mätvärde", Due = "Tidplan", Responsible = "Ansvarig", Status = "Status",
        HandlingDone = "Status genomförd hantering", Observations = "Iakttagelser", EventsSeen = "Händelser",
        Result = "Resultat", ImprovementAreas = "Förbättringsområden", FinalMotivation = "Motivering slutligt riskvärde", FinalScore = "Slutligt riskvärde",
        ControlTitle = "Kontrollmoment", ControlId = "Kontrollmoment-id", ControlMethodColumn = "Metod", Frequency = "Frekvens", Scope = "Omfattning",
        ReportedTo = "Rapporteras till", Checked = "Kontrollerade", Deviations = "Avvikelser", Actions = "Åtgärder", GoalIds = "Mål-id";

    public static readonly string[] RiskHeaders = [Id, Title, Description, Probability, Consequence, Score, Level, Method, Motivation, Category, Owner, Goal, GoalIds];

    /// <summary>The header of a consequence area's column in <c>Risker</c>.</summary>
    public static string AreaHeader(string area) => $"{Consequence}: {area}";

    /// <summary>
    /// The <c>Risker</c> headers of a plan of <paramref name="scale"/>: one column per consequence area after Konsekvens
    /// (a plan without areas has exactly <see cref="RiskHeaders"/>).
    /// </summary>
    public static string[] RiskHeadersOf(Scale scale)
    {
        var at = Array.IndexOf(RiskHeaders, Consequence) + 1;
        return [.. RiskHeaders[..at], .. scale.ConsequenceAreas.Select(AreaHeader), .. RiskHeaders[at..]];
    }
    public static readonly string[] ActivityHeaders = [Id, RiskId, RiskTitle, Activity, Measure, Due, Responsible, Status];
    public static readonly string[] ControlHeaders = [Id, RiskId, RiskTitle, ControlTitle, Description, ControlMethodColumn, Frequency, Scope, Responsible, ReportedTo, Due, GoalIds];
    public static readonly string[] ControlResultHeaders = [ControlId, ControlTitle, RiskId, Result, Checked, Deviations, Actions];
    public static readonly string[] Round1Headers = [RiskId, RiskTitle, HandlingDone, Observations, EventsSeen, Probability, Consequence, Score];
    public static readonly string[] Round2Headers = [RiskId, RiskTitle, Result, ImprovementAreas, FinalMotivation, Probability, Consequence, FinalScore];

    /// <summary>Swedish names of the codes, beside them in <c>Listor</c>.</summary>
    private static readonly (string Code, string Label)[] Methods =
        [("none", "Ingen hantering"), ("bevakning", "Bevakning"), ("granskning", "Granskning"), ("atgard", "Åtgärd")];
    private static readonly (string Code, string Label)[] Statuses =
        [("notStarted", "Ej påbörjad"), ("inProgress", "Pågår"), ("done", "Genomförd")];
    private static readonly (string Code, string Label)[] ControlMethods =
        Enum.GetValues<ControlMethod>().Select(m => (m.ToApi(), ControlRules.MethodName(m))).ToArray();
    private static readonly (string Code, string Label)[] Frequencies =
        Enum.GetValues<ControlFrequency>().Select(f => (f.ToApi(), ControlRules.FrequencyName(f))).ToArray();

    /// <summary>The plan's workbook; with no plan, the import template (the configured scale's lists, no rows).</summary>
    public static IReadOnlyList<SheetContent> Of(PlanView? plan, Scale scale)
    {
        var risks = plan?.Risks ?? [];
        var controls = plan?.Controls ?? [];
        var riskTitles = risks.ToDictionary(r => r.Id, r => r.Title);
        var riskHeaders = RiskHeadersOf(scale);
        var lists = new Dictionary<int, string>
        {
            [Array.IndexOf(riskHeaders, Probability)] = StepRange(scale), [Array.IndexOf(riskHeaders, Consequence)] = StepRange(scale),
            [Array.IndexOf(riskHeaders, Method)] = $"{Lists}!$A$2:$A${Methods.Length + 1}",
        };
        foreach (var area in scale.ConsequenceAreas) lists[Array.IndexOf(riskHeaders, AreaHeader(area))] = StepRange(scale);
        var statusList = $"{Lists}!$C$2:$C${Statuses.Length + 1}";
        return
        [
            new SheetContent(Plan, ["Fält", "Värde"], PlanRows(plan, scale)),
            // A risk assessed per area has its areas' values beside its konsekvens (their maximum); one assessed as one value, those cells empty.
            new SheetContent(Risks, riskHeaders, risks.Select(r => (object?[])
            [
                r.Id, r.Title, r.Description, r.Probability, r.Consequence,
                .. scale.ConsequenceAreas.Select(a => r.Consequences?.TryGetValue(a, out var v) == true ? (object?)v : null),
                r.Score, r.Level.ToApi(), r.HandlingMethod.ToApi(), r.Motivation, r.Category, r.Owner, r.Goal, GoalList(r.GoalIds),
            ]).ToList(), Lists: lists),
            new SheetContent(Activities, ActivityHeaders, risks.SelectMany(r => r.Activities.Select(a => new object?[]
            {
                a.Id, r.Id, r.Title, a.Description, a.Measure, a.Due, a.Responsible, a.Status.ToApi(),
            })).ToList(), Lists: new Dictionary<int, string> { [Array.IndexOf(ActivityHeaders, Status)] = statusList }),
            // The Kontrollplan: one row per control, a standalone one with its risk's columns empty.
            new SheetContent(Controls, ControlHeaders, controls.Select(c => new object?[]
            {
                c.Id, c.RiskId, c.RiskId is { } riskId ? riskTitles.GetValueOrDefault(riskId) : null, c.Title, c.Description,
                c.Method.ToApi(), c.Frequency.ToApi(), c.Scope, c.Responsible, c.ReportedTo, c.Due, GoalList(c.GoalIds),
            }).ToList(), Lists: new Dictionary<int, string>
            {
                [Array.IndexOf(ControlHeaders, ControlMethodColumn)] = $"{Lists}!$H$2:$H${ControlMethods.Length + 1}",
                [Array.IndexOf(ControlHeaders, Frequency)] = $"{Lists}!$J$2:$J${Frequencies.Length + 1}",
            }),
            // One row per risk, filled in once recorded: a round is recorded by filling its row in.
            new SheetContent(Round1, Round1Headers, risks.Select(r => new object?[]
            {
                r.Id, r.Title, r.FollowUp1?.HandlingStatus.ToApi(), r.FollowUp1?.Observations, r.FollowUp1?.Events,
                r.FollowUp1?.Probability, r.FollowUp1?.Consequence, r.FollowUp1?.Score,
            }).ToList(), Lists: new Dictionary<int, string>
            {
                [Array.IndexOf(Round1Headers, HandlingDone)] = statusList,
                [Array.IndexOf(Round1Headers, Probability)] = StepRange(scale), [Array.IndexOf(Round1Headers, Consequence)] = StepRange(scale),
            }),
            ControlResultSheet(1, controls),
            new SheetContent(Round2, Round2Headers, risks.Select(r => new object?[]
            {
                r.Id, r.Title, r.FollowUp2?.Result, r.FollowUp2?.ImprovementAreas, r.FollowUp2?.FinalMotivation,
                r.FollowUp2?.Probability, r.FollowUp2?.Consequence, r.FollowUp2?.FinalScore,
            }).ToList(), Lists: new Dictionary<int, string>
            {
                [Array.IndexOf(Round2Headers, Probability)] = StepRange(scale), [Array.IndexOf(Round2Headers, Consequence)] = StepRange(scale),
            }),
            ControlResultSheet(2, controls),
            new SheetContent(Lists, [Method, "Benämning", Status, "Benämning", "Steg", Probability, Consequence, ControlMethodColumn, "Benämning", Frequency, "Benämning"],
                ListRows(scale), Hidden: true),
        ];
    }

    /// <summary>A round's control results: one row per control, filled in once recorded, as the risks' rounds are.</summary>
    private static SheetContent ControlResultSheet(int round, IReadOnlyList<ControlView> controls) =>
        new(ControlResults(round), ControlResultHeaders, controls.Select(c =>
        {
            var result = c.Results.FirstOrDefault(r => r.Round == round);
            return new object?[] { c.Id, c.Title, c.RiskId, result?.Result, result?.Checked, result?.Deviations, result?.Actions };
        }).ToList());

    /// <summary>The goals a risk or control links to, as <c>Mål-id</c> holds them: their ids, comma-separated (empty: none).</summary>
    private static string? GoalList(IReadOnlyList<long> goalIds) =>
        goalIds.Count == 0 ? null : string.Join(", ", goalIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string StepRange(Scale scale) => $"{Lists}!$E$2:$E${scale.Size + 1}";

    private static List<object?[]> ListRows(Scale scale)
    {
        var rows = new List<object?[]>();
        for (var i = 0; i < new[] { Methods.Length, Statuses.Length, scale.Size, ControlMethods.Length, Frequencies.Length }.Max(); i++)
            rows.Add(
            [
                i < Methods.Length ? Methods[i].Code : null, i < Methods.Length ? Methods[i].Label : null,
                i < Statuses.Length ? Statuses[i].Code : null, i < Statuses.Length ? Statuses[i].Label : null,
                i < scale.Size ? i + 1 : null,
                i < scale.Size ? scale.ProbabilityLabels[i] : null, i < scale.Size ? scale.ConsequenceLabels[i] : null,
                i < ControlMethods.Length ? ControlMethods[i].Code : null, i < ControlMethods.Length ? ControlMethods[i].Label : null,
                i < Frequencies.Length ? Frequencies[i].Code : null, i < Frequencies.Length ? Frequencies[i].Label : null,
            ]);
        return rows;
    }

    /// <summary>The label of the plan's id on the <c>Plan</c> sheet: the import checks the workbook is this plan's.</summary>
    public const string PlanIdField = "Plan-id";

    private static List<object?[]> PlanRows(PlanView? plan, Scale scale) =>
    [
        [PlanIdField, plan?.Id],
        ["Förvaltning", plan?.UnitName],
        ["Förvaltning-id", plan?.UnitId],
        ["År", plan?.Year],
        ["Titel", plan?.Title],
        ["Status", plan?.Status.ToApi()],
        ["Beslutsdatum", plan?.Decision?.Date],
        ["Paragraf", plan?.Decision?.Paragraph],
        ["Diarienummer", plan?.Decision?.CaseNumber],
        ["Kopierad från plan", plan?.CopiedFromPlanId],
        ["Skala", $"{scale.Size} × {scale.Size}; grön till {scale.GreenMax}, gul till {scale.YellowMax}, röd över"],
        ["Aktivitet krävs för", plan is null ? null : string.Join(", ", plan.ActivitiesRequiredFor.Select(m => m.ToApi()))],
        ["Antal risker", plan?.Risks.Count],
        ["Antal kontrollmoment", plan?.Controls.Count],
        // For the person filling the workbook in: how a row names a risk that has no id yet (the import reads no other row here but Plan-id).
        ["Ny risk med aktiviteter och kontrollmoment", "Lägg till risken som en rad utan id i Risker. På dess rader i Aktiviteter och Kontrollmoment: lämna Risk-id tomt och skriv riskens titel i kolumnen Risk, exakt som i Risker. Ett kontrollmoment utan Risk-id och Risk står för sig självt."],
    ];
}
