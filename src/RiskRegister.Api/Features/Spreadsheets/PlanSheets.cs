using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>
/// A plan as a workbook: its sheets, their Swedish headers, and what each row holds. The import reads the same headers
/// (PlanImport), so what is exported imports back. Values are the API's: ids, codes (<c>atgard</c>,
/// <c>notStarted</c>), steps on the plan's scale, dates; the hidden <c>Listor</c> holds the codes and steps with their
/// labels, and feeds the dropdowns. Columns an import does not read (riskvärde, nivå, a risk's title beside its id)
/// are there for the reader.
/// </summary>
public static class PlanSheets
{
    public const string Plan = "Plan", Risks = "Risker", Activities = "Aktiviteter", Round1 = "Uppföljning 1", Round2 = "Uppföljning 2", Lists = "Listor";

    /// <summary>The sheets an import counts, in order.</summary>
    public static readonly string[] Imported = [Risks, Activities, Round1, Round2];

    // Headers; the import finds its columns by them.
    public const string Id = "Id", RiskId = "Risk-id", RiskTitle = "Risk", Title = "Titel", Description = "Beskrivning",
        Probability = "Sannolikhet", Consequence = "Konsekvens", Score = "Riskvärde", Level = "Nivå", Method = "Hanteringsmetod",
        Motivation = "Motivering", Category = "Riskområde", Owner = "Riskägare", Goal = "Mål",
        Activity = "Aktivitet", Measure = "Mätvärde", Due = "Tidplan", Responsible = "Ansvarig", Status = "Status",
        HandlingDone = "Status genomförd hantering", Observations = "Iakttagelser", EventsSeen = "Händelser",
        Result = "Resultat", ImprovementAreas = "Förbättringsområden", FinalMotivation = "Motivering slutligt riskvärde", FinalScore = "Slutligt riskvärde";

    public static readonly string[] RiskHeaders = [Id, Title, Description, Probability, Consequence, Score, Level, Method, Motivation, Category, Owner, Goal];
    public static readonly string[] ActivityHeaders = [Id, RiskId, RiskTitle, Activity, Measure, Due, Responsible, Status];
    public static readonly string[] Round1Headers = [RiskId, RiskTitle, HandlingDone, Observations, EventsSeen, Probability, Consequence, Score];
    public static readonly string[] Round2Headers = [RiskId, RiskTitle, Result, ImprovementAreas, FinalMotivation, Probability, Consequence, FinalScore];

    /// <summary>Swedish names of the codes, beside them in <c>Listor</c>.</summary>
    private static readonly (string Code, string Label)[] Methods =
        [("none", "Ingen hantering"), ("bevakning", "Bevakning"), ("granskning", "Granskning"), ("atgard", "Åtgärd")];
    private static readonly (string Code, string Label)[] Statuses =
        [("notStarted", "Ej påbörjad"), ("inProgress", "Pågår"), ("done", "Genomförd")];

    /// <summary>The plan's workbook; with no plan, the import template (the configured scale's lists, no rows).</summary>
    public static IReadOnlyList<SheetContent> Of(PlanView? plan, Scale scale)
    {
        var risks = plan?.Risks ?? [];
        var lists = new Dictionary<int, string>
        {
            [Array.IndexOf(RiskHeaders, Probability)] = StepRange(scale), [Array.IndexOf(RiskHeaders, Consequence)] = StepRange(scale),
            [Array.IndexOf(RiskHeaders, Method)] = $"{Lists}!$A$2:$A${Methods.Length + 1}",
        };
        var statusList = $"{Lists}!$C$2:$C${Statuses.Length + 1}";
        return
        [
            new SheetContent(Plan, ["Fält", "Värde"], PlanRows(plan, scale)),
            new SheetContent(Risks, RiskHeaders, risks.Select(r => new object?[]
            {
                r.Id, r.Title, r.Description, r.Probability, r.Consequence, r.Score, r.Level.ToApi(), r.HandlingMethod.ToApi(),
                r.Motivation, r.Category, r.Owner, r.Goal,
            }).ToList(), Lists: lists),
            new SheetContent(Activities, ActivityHeaders, risks.SelectMany(r => r.Activities.Select(a => new object?[]
            {
                a.Id, r.Id, r.Title, a.Description, a.Measure, a.Due, a.Responsible, a.Status.ToApi(),
            })).ToList(), Lists: new Dictionary<int, string> { [Array.IndexOf(ActivityHeaders, Status)] = statusList }),
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
            new SheetContent(Round2, Round2Headers, risks.Select(r => new object?[]
            {
                r.Id, r.Title, r.FollowUp2?.Result, r.FollowUp2?.ImprovementAreas, r.FollowUp2?.FinalMotivation,
                r.FollowUp2?.Probability, r.FollowUp2?.Consequence, r.FollowUp2?.FinalScore,
            }).ToList(), Lists: new Dictionary<int, string>
            {
                [Array.IndexOf(Round2Headers, Probability)] = StepRange(scale), [Array.IndexOf(Round2Headers, Consequence)] = StepRange(scale),
            }),
            new SheetContent(Lists, [Method, "Benämning", Status, "Benämning", "Steg", Probability, Consequence],
                ListRows(scale), Hidden: true),
        ];
    }

    private static string StepRange(Scale scale) => $"{Lists}!$E$2:$E${scale.Size + 1}";

    private static List<object?[]> ListRows(Scale scale)
    {
        var rows = new List<object?[]>();
        for (var i = 0; i < Math.Max(Math.Max(Methods.Length, Statuses.Length), scale.Size); i++)
            rows.Add(
            [
                i < Methods.Length ? Methods[i].Code : null, i < Methods.Length ? Methods[i].Label : null,
                i < Statuses.Length ? Statuses[i].Code : null, i < Statuses.Length ? Statuses[i].Label : null,
                i < scale.Size ? i + 1 : null,
                i < scale.Size ? scale.ProbabilityLabels[i] : null, i < scale.Size ? scale.ConsequenceLabels[i] : null,
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
    ];
}
