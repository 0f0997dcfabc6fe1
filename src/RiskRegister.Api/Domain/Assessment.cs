using System.Globalization;

namespace RiskRegister.Api.Domain;

/// <summary>
/// The auditors' verdict on one area (revisorernas bedömningsskala, seed 002): uppfyllt (ingen eller mindre avvikelse),
/// inte helt uppfyllt (avvikelser förekommer), inte uppfyllt (väsentliga avvikelser); ejAktuellt for what is not yet due.
/// </summary>
public enum Verdict { Uppfyllt, InteHeltUppfyllt, InteUppfyllt, EjAktuellt }

/// <summary>The auditors' word on the whole: tillräcklig, inte helt tillräcklig or inte tillräcklig intern kontroll.</summary>
public enum Conclusion { Tillracklig, InteHeltTillracklig, InteTillracklig }

/// <summary>The six areas of the auditors' report on intern kontroll, in their order (seed 002).</summary>
public enum AuditArea { Established, Contents, FollowUp1, FollowUp2, CarriedOut, Actions }

/// <summary>One audited area: which, its title in the auditors' words, the verdict, the deviations found, and what was seen.</summary>
public sealed record AssessedArea(AuditArea Area, string Title, Verdict Verdict, IReadOnlyList<string> Findings, IReadOnlyList<string> Observations);

/// <summary>
/// What the assessment of one plan is judged on: the plan as held (never redacted: an emptied text is not a missing one),
/// the rule it was adopted under, the due dates of its rounds, the date judged on (<c>asOf</c>), and the count of risks
/// the year before (null without a plan that year).
/// </summary>
public sealed record AssessmentInput(
    int Year,
    PlanStatus Status,
    Scale Scale,
    AdoptionPolicy Policy,
    IReadOnlyList<Risk> Risks,
    DateOnly AsOf,
    DateOnly Round1Due,
    DateOnly Round2Due,
    DateOnly? AdoptedOn = null,
    string? Paragraph = null,
    int? PreviousYearRiskCount = null,
    string DocumentTitle = AssessmentCriteria.DefaultDocumentTitle,
    IReadOnlyList<Control>? Controls = null,
    RoundState? Round1State = null,
    RoundState? Round2State = null);

/// <summary>
/// The auditors' criteria for intern kontroll (seed 002, "Granskning av nämndens interna kontroll") checked against the
/// register's data, area by area in the auditors' order. Findings are the deviations (in Swedish, as the auditors write
/// them); observations describe what was seen, as the auditors do even where nothing deviates: risks per method, the
/// count the year before, values that changed ("ökat från 6 (3x2) till 9 (3x3)"). The contents are judged by the same
/// <see cref="PlanCriteria"/> adoption applies, so nothing adopted without a warning is criticised here. A round not
/// yet due on <c>asOf</c> is <c>ejAktuellt</c>: before a due date nothing is missing yet.
/// </summary>
public static class AssessmentCriteria
{
    public const string DefaultDocumentTitle = "Riskanalys och riskhanteringsplan";

    /// <summary>The auditors' titles of the six areas.</summary>
    public static string Title(AuditArea area) => area switch
    {
        AuditArea.Established => "Upprättat riskanalys- och riskhanteringsplan",
        AuditArea.Contents => "Riskanalys och riskhanteringsplan innehåller beskrivning av risker utifrån nämndens uppdrag, bedömning av riskvärden, beskrivningar och motiveringar till riskernas hanteringsmetoder och beslut om uppföljning",
        AuditArea.FollowUp1 => "Genomfört uppföljning 1",
        AuditArea.FollowUp2 => "Genomfört uppföljning 2",
        AuditArea.CarriedOut => "Genomfört riskanalys- och riskhanteringsplan",
        _ => "Vidtagna åtgärder för att stärka den interna kontrollen",
    };

    /// <summary>Judges one plan. <paramref name="disclosure"/> names a redacted risk by its marking, never quoting its texts.</summary>
    public static IReadOnlyList<AssessedArea> Judge(AssessmentInput plan, Disclosure disclosure = Disclosure.Full) =>
    [
        Established(plan),
        Contents(plan, disclosure),
        Round(plan, 1, disclosure),
        Round(plan, 2, disclosure),
        // The kontrollmoment's findings (ControlRules) join the areas they belong to, once those are judged at all.
        CarriedOut(plan, disclosure).With(ControlRules.CarriedOutFindings(plan.Controls ?? [], plan.Risks, plan.Status != PlanStatus.Draft, plan.AsOf, disclosure)),
        Actions(plan, disclosure).With(ControlRules.ActionFindings(plan.Controls ?? [], plan.Risks, plan.Status != PlanStatus.Draft, disclosure)),
    ];

    /// <summary>A unit that has no plan for the year: inteUppfyllt where something was due, ejAktuellt where not yet.</summary>
    public static IReadOnlyList<AssessedArea> Missing(int year, DateOnly asOf, DateOnly round1Due, DateOnly round2Due, int? previousYearRiskCount = null, string documentTitle = DefaultDocumentTitle)
    {
        var none = $"Det finns ingen {documentTitle.ToLower(Sv)} för {year}.";
        var before = previousYearRiskCount is { } n ? [$"({year - 1} innefattade planen totalt {Risks(n)}.)"] : Array.Empty<string>();
        AssessedArea Area(AuditArea area, DateOnly? due) => due is { } d && asOf < d
            ? new(area, Title(area), Verdict.EjAktuellt, [], [$"Ska vara klar senast {Date(d)}."])
            : new(area, Title(area), Verdict.InteUppfyllt, [none], area == AuditArea.Contents ? before : []);
        return
        [
            Area(AuditArea.Established, null), Area(AuditArea.Contents, null), Area(AuditArea.FollowUp1, round1Due),
            Area(AuditArea.FollowUp2, round2Due), Area(AuditArea.CarriedOut, round2Due), Area(AuditArea.Actions, round2Due),
        ];
    }

    /// <summary>
    /// A unit's verdict on each area from the plans below it, weighed as the auditors weigh ("till övervägande del"),
    /// not the worst: <c>uppfyllt</c> when no plan deviates; <c>inteUppfyllt</c> when plans holding at least half of the
    /// risks are <c>inteUppfyllt</c>; else <c>inteHeltUppfyllt</c>; <c>ejAktuellt</c> when no plan's area is due yet. A plan
    /// weighs its risks (at least one, so a plan without risks still counts). Findings and observations name their unit.
    /// </summary>
    public static IReadOnlyList<AssessedArea> Combine(IReadOnlyList<(string Unit, int Risks, IReadOnlyList<AssessedArea> Areas)> plans)
    {
        if (plans.Count == 0) return [];
        var total = plans.Sum(p => Math.Max(1, p.Risks));
        return Enum.GetValues<AuditArea>().Select((area, i) =>
        {
            var verdicts = plans.Select(p => (Weight: Math.Max(1, p.Risks), p.Areas[i].Verdict)).ToList();
            Verdict verdict;
            if (verdicts.All(v => v.Verdict == Verdict.EjAktuellt)) verdict = Verdict.EjAktuellt;
            else if (verdicts.All(v => v.Verdict is Verdict.Uppfyllt or Verdict.EjAktuellt)) verdict = Verdict.Uppfyllt;
            else if (2 * verdicts.Where(v => v.Verdict == Verdict.InteUppfyllt).Sum(v => v.Weight) >= total) verdict = Verdict.InteUppfyllt;
            else verdict = Verdict.InteHeltUppfyllt;
            return new AssessedArea(area, Title(area), verdict,
                plans.SelectMany(p => p.Areas[i].Findings.Select(f => $"{p.Unit}: {f}")).ToList(),
                plans.SelectMany(p => p.Areas[i].Observations.Select(f => $"{p.Unit}: {f}")).ToList());
        }).ToList();
    }

    /// <summary>The whole: tillräcklig when every area is uppfyllt (or not yet due), inte tillräcklig when one is inte uppfyllt.</summary>
    public static Conclusion Conclude(IEnumerable<AssessedArea> areas)
    {
        var verdicts = areas.Select(a => a.Verdict).ToList();
        return verdicts.Contains(Verdict.InteUppfyllt) ? Conclusion.InteTillracklig
            : verdicts.All(v => v is Verdict.Uppfyllt or Verdict.EjAktuellt) ? Conclusion.Tillracklig
            : Conclusion.InteHeltTillracklig;
    }

    /// <summary>A risk as findings name it: its title in quotes, or for a redacted reader its marking and ground.</summary>
    public static string Name(Risk r, Disclosure disclosure) =>
        r.IsRedactedFor(disclosure) ? $"\"{SecrecyRules.RedactedTitle} ({r.Secrecy!.Ground})\"" : $"\"{r.Title}\"";

    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The day of a stored timestamp (UTC), or null.</summary>
    private static DateOnly? DayOf(string? timestamp) =>
        timestamp is { Length: >= 10 } && DateOnly.TryParseExact(timestamp[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string Risks(int n) => n == 1 ? "1 risk" : $"{n} risker";

    /// <summary>A value as the auditors write it: "9 (3x3)".</summary>
    public static string ValueText(RiskValue v) => $"{v.Score} ({v.Probability}x{v.Consequence})";

    private static AssessedArea Area(AuditArea area, Verdict verdict, IReadOnlyList<string> findings, IReadOnlyList<string> observations) =>
        new(area, Title(area), verdict, findings, observations);

    private static AssessedArea Established(AssessmentInput plan)
    {
        var title = plan.DocumentTitle.ToLower(Sv);
        if (plan.Status == PlanStatus.Draft)
            return Area(AuditArea.Established, Verdict.InteUppfyllt, ["Planen är inte fastställd av nämnden."],
                [$"Förslag till {title} för {plan.Year} med {Risks(plan.Risks.Count)}."]);
        if (plan.Risks.Count == 0)
            return Area(AuditArea.Established, Verdict.InteUppfyllt, ["Planen innehåller inga risker."], []);
        // As the auditors write it: "… för året enligt regiongemensam mall, 2023-04-26 § 12".
        var decision = plan.AdoptedOn is { } on ? $", {Date(on)}{(string.IsNullOrWhiteSpace(plan.Paragraph) ? "" : " " + plan.Paragraph)}" : "";
        return Area(AuditArea.Established, Verdict.Uppfyllt, [], [$"Nämnden har fastställt {title} för {plan.Year}{decision}."]);
    }

    private static AssessedArea Contents(AssessmentInput plan, Disclosure disclosure)
    {
        var risks = plan.Risks;
        var observations = new List<string>();
        if (risks.Count > 0)
        {
            var byMethod = ReportFigures.CountByMethod(risks);
            var parts = new List<string>();
            // "där samtliga ska bevakas", not "13 risker, där 13 risker ska bevakas".
            void Part(int n, string one, string many) { if (n > 0) parts.Add(n == 1 ? $"1 risk {one}" : n == risks.Count ? $"samtliga {many}" : $"{n} risker {many}"); }
            Part(byMethod.Atgard, "ska åtgärdas", "ska åtgärdas");
            Part(byMethod.Granskning, "ska granskas", "ska granskas");
            Part(byMethod.Bevakning, "ska bevakas", "ska bevakas");
            Part(byMethod.None, "är en lägre risk utan hanteringsmetod", "är lägre risker utan hanteringsmetod");
            observations.Add($"Planen innehåller totalt {Risks(risks.Count)} för {plan.Year}, där {Join(parts)}.");
            var levels = ReportFigures.CountByLevel(plan.Scale, risks);
            observations.Add($"Riskvärdena är bedömda som {levels.Red} {(levels.Red == 1 ? "röd" : "röda")}, {levels.Yellow} {(levels.Yellow == 1 ? "gul" : "gula")} och {levels.Green} {(levels.Green == 1 ? "grön" : "gröna")}.");
            if (byMethod.None > 0)
                observations.Add($"De lägre riskerna ({byMethod.None}) är förtecknade i planen med riskvärde och motivering.");
            // Only those with a measure: a carried-over activity whose measure is still to be set is none (AdoptionRules).
            var activities = risks.Sum(r => r.Activities.Count(AdoptionRules.IsMeasured));
            if (activities > 0)
                observations.Add($"Planen har {activities} {(activities == 1 ? "aktivitet" : "aktiviteter")} med mätvärde och tidplan.");
        }
        observations.Add(plan.PreviousYearRiskCount is { } before
            ? $"({plan.Year - 1} innefattade planen totalt {Risks(before)}.)"
            : $"(Det finns ingen plan för {plan.Year - 1} att jämföra med.)");
        var findings = PlanCriteria.Check(plan.Scale, plan.Policy, risks, disclosure).Select(b => b.Finding).ToList();
        var verdict = risks.Count == 0 ? Verdict.InteUppfyllt : findings.Count == 0 ? Verdict.Uppfyllt : Verdict.InteHeltUppfyllt;
        return Area(AuditArea.Contents, verdict, findings, observations);
    }

    private static AssessedArea Round(AssessmentInput plan, int round, Disclosure disclosure)
    {
        var area = round == 1 ? AuditArea.FollowUp1 : AuditArea.FollowUp2;
        var due = round == 1 ? plan.Round1Due : plan.Round2Due;
        var risks = plan.Risks;
        bool Done(Risk r) => round == 1 ? r.Round1 is not null : r.Round2 is not null;
        var done = risks.Where(Done).ToList();
        var complete = risks.Count > 0 && done.Count == risks.Count;
        // Past its due date the date is history: "skulle ha varit klar", not "ska vara klar".
        var progress = $"{done.Count} av {Risks(risks.Count)} har följts upp; uppföljningen {(plan.AsOf > due ? "skulle ha varit" : "ska vara")} klar senast {Date(due)}.";
        // Before its due date nothing is missing yet: the auditors judge a round once it is due, however far the work has come.
        if (plan.AsOf < due)
            return Area(area, Verdict.EjAktuellt, [], [progress]);
        if (plan.Status == PlanStatus.Draft || done.Count == 0)
            return Area(area, Verdict.InteUppfyllt, [$"Uppföljning {round} är inte genomförd för någon risk."], [progress]);

        var findings = new List<string>();
        foreach (var r in risks.Where(r => !Done(r)))
            findings.Add(round == 1 ? $"Risken {Name(r, disclosure)} saknar uppföljning 1." : $"Risken {Name(r, disclosure)} saknar uppföljning 2 med slutligt riskvärde.");
        if (round == 1)
        {
            foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round1!.Observations)))
                findings.Add($"Uppföljning 1 av risken {Name(r, disclosure)} saknar status för iakttagelser.");
            foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round1!.Events)))
                findings.Add($"Uppföljning 1 av risken {Name(r, disclosure)} saknar beskrivning av händelser som påverkat risken.");
        }
        else
        {
            foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round2!.Result)))
                findings.Add($"Uppföljning 2 av risken {Name(r, disclosure)} saknar resultat av genomförd hantering.");
            foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round2!.FinalMotivation)))
                findings.Add($"Uppföljning 2 av risken {Name(r, disclosure)} saknar motivering till slutligt riskvärde.");
        }

        var observations = new List<string>
        {
            complete ? $"Samtliga {Risks(risks.Count)} har följts upp vid uppföljning {round}." : $"{done.Count} av {Risks(risks.Count)} har följts upp vid uppföljning {round}.",
        };
        var last = done.Select(r => round == 1 ? r.Round1!.RecordedAt : r.Round2!.RecordedAt).Max();
        // When the round was first complete, as kept (the follow-up status and the nämnd report judge lateness on it): a
        // correction after the due date is no lateness, and a round done late stays late. Without the kept state, the
        // latest recording.
        var state = round == 1 ? plan.Round1State : plan.Round2State;
        var completedAt = state is not null ? state.CompletedAt : complete ? last : null;
        // A round is klar only when every risk has it: an incomplete round past its due date is late, however early
        // its last entry was made (the report's own table says försenad).
        if (!complete && DayOf(last) is { } recorded)
            observations.Add($"Uppföljningen är inte klar; tidplanen var {Date(due)} och senast registrerade uppföljning är från {Date(recorded)}.");
        else if (complete && DayOf(completedAt) is { } completed)
        {
            // The auditors' criterion is the round done and reported by its time ("senast i samband med
            // delårsrapportering", 002): done after it is a deviation, not only a description.
            if (completed <= due) observations.Add($"Uppföljningen var klar {Date(completed)}, inom tidplanen ({Date(due)}).");
            else findings.Add($"Uppföljning {round} blev klar {Date(completed)}, efter tidplanen ({Date(due)}).");
        }
        if (state?.Reported is { } report)
        {
            var decision = string.IsNullOrWhiteSpace(report.Paragraph) ? Date(report.Date) : $"{Date(report.Date)} {report.Paragraph}";
            var unfinished = report.Complete ? "" : " som ej klar";
            if (report.Date > due) findings.Add($"Uppföljning {round} redovisades för nämnden {decision}{unfinished}, efter tidplanen ({Date(due)}).");
            else observations.Add($"Uppföljningen redovisades för nämnden {decision}{unfinished}.");
        }
        else if (state is not null)
            // The minutes, not the register, are the record of the nämnd's meetings: a handling not registered here is
            // said, not judged.
            observations.Add("Registret har ingen uppgift om att uppföljningen har redovisats för nämnden.");
        // What the auditors describe: each value that moved since it was first adopted, the rest as unchanged. The risk's
        // value is the plan's as it stands, so a revision that changed it would otherwise count as no change (a risk
        // raised from 6 to 9 by a revision and followed up at 9 was "oförändrad").
        var moved = 0;
        foreach (var r in done)
        {
            var now = round == 1 ? r.Round1!.Value : r.Round2!.Value;
            var adopted = Trends.FirstAdopted(r.Adopted, r.Value);
            // A revision adopted before the round that changed the value: its move is told apart from the follow-up's,
            // as the printed plan's table of changes (from the revised value) and its trend tell them.
            var recordedAt = round == 1 ? r.Round1!.RecordedAt : r.Round2!.RecordedAt;
            RiskValue? revised = Trends.LatestBefore(r.Adopted, recordedAt) is { Revision: > 0 } a && a.Value.Score != adopted.Score ? a.Value : null;
            if (revised is null && now.Score == adopted.Score) continue;
            moved++;
            static string Moved(RiskValue from, RiskValue to) => to.Score > from.Score ? "ökat" : "minskat";
            observations.Add(revised is not { } byRevision ? $"Risken {Name(r, disclosure)} har {Moved(adopted, now)} från {ValueText(adopted)} till {ValueText(now)}."
                : byRevision.Score == now.Score ? $"Risken {Name(r, disclosure)} har {Moved(adopted, now)} från {ValueText(adopted)} till {ValueText(now)} vid revideringen."
                : $"Risken {Name(r, disclosure)} har {Moved(adopted, byRevision)} från {ValueText(adopted)} till {ValueText(byRevision)} vid revideringen och {Moved(byRevision, now)} till {ValueText(now)} vid uppföljningen.");
        }
        // A risk a revision added was adopted after the plan: "since they were adopted" is true of every risk.
        observations.Add(moved == 0 ? (done.Any(r => r.AddedInRevision is not null) ? "Riskvärdena är oförändrade sedan de fastställdes." : "Riskvärdena är oförändrade sedan planen fastställdes.")
            : moved < done.Count ? "Övriga riskvärden är oförändrade." : "");
        observations.RemoveAll(o => o.Length == 0);
        var verdict = !complete && 2 * done.Count < risks.Count ? Verdict.InteUppfyllt : findings.Count == 0 ? Verdict.Uppfyllt : Verdict.InteHeltUppfyllt;
        return Area(area, verdict, findings, observations);
    }

    private static AssessedArea CarriedOut(AssessmentInput plan, Disclosure disclosure)
    {
        var risks = plan.Risks;
        var both = risks.Count(r => r.Round1 is not null && r.Round2 is not null);
        var findings = new List<string>();
        foreach (var r in risks)
            foreach (var a in r.Activities.Where(a => a.Status != HandlingStatus.Done && a.Due < plan.AsOf))
                findings.Add($"{(r.IsRedactedFor(disclosure) ? "En aktivitet" : $"Aktiviteten \"{a.Description}\"")} under risken {Name(r, disclosure)} skulle vara klar {Date(a.Due)} men är inte genomförd.");
        var activities = risks.Sum(r => r.Activities.Count);
        var doneActivities = risks.Sum(r => r.Activities.Count(a => a.Status == HandlingStatus.Done));
        var observations = new List<string>();
        if (activities > 0) observations.Add(activities == 1 ? $"{doneActivities} av 1 aktivitet är genomförd." : $"{doneActivities} av {activities} aktiviteter är genomförda.");
        var complete = risks.Count > 0 && both == risks.Count;
        if (plan.AsOf < plan.Round2Due)
        {
            // Carried out is judged once uppföljning 2 is due; until then activities past their own tidplan are only seen.
            observations.Insert(0, $"Planen genomförs under året; uppföljning 2 ska vara klar senast {Date(plan.Round2Due)}.");
            observations.AddRange(findings);
            return Area(AuditArea.CarriedOut, Verdict.EjAktuellt, [], observations);
        }
        if (plan.Status == PlanStatus.Draft || both == 0)
            return Area(AuditArea.CarriedOut, Verdict.InteUppfyllt, ["Ingen risk har följts upp vid båda tillfällena.", .. findings], observations);
        if (complete)
            observations.Insert(0, $"Beslutad plan har genomförts. Samtliga {Risks(risks.Count)} har följts upp vid två tillfällen.");
        else
            findings.Insert(0, $"{both} av {Risks(risks.Count)} har följts upp vid båda tillfällena.");
        var verdict = 2 * both < risks.Count ? Verdict.InteUppfyllt : findings.Count == 0 ? Verdict.Uppfyllt : Verdict.InteHeltUppfyllt;
        return Area(AuditArea.CarriedOut, verdict, findings, observations);
    }

    private static AssessedArea Actions(AssessmentInput plan, Disclosure disclosure)
    {
        var round2 = plan.Risks.Where(r => r.Round2 is not null).ToList();
        if (plan.AsOf < plan.Round2Due)
            return Area(AuditArea.Actions, Verdict.EjAktuellt, [], [$"Bedöms efter uppföljning 2, som ska vara klar senast {Date(plan.Round2Due)}."]);
        if (plan.Status == PlanStatus.Draft || round2.Count == 0)
            return Area(AuditArea.Actions, Verdict.InteUppfyllt, ["Inga förbättringsområden eller vidare åtgärdsbehov är redovisade."], []);
        var findings = new List<string>();
        // A risk that ends red needs a stated way forward, as the scale asks a red risk for a method; a yellow or green one
        // needs none (the scale asks none of it), so an empty improvement area is an answer ("inga") there.
        foreach (var r in round2.Where(r => plan.Scale.Level(r.Round2!.Value.Score) == RiskLevel.Red && string.IsNullOrWhiteSpace(r.Round2.ImprovementAreas)))
            findings.Add($"Risken {Name(r, disclosure)} har slutligt riskvärde {ValueText(r.Round2!.Value)} utan redovisade förbättringsområden eller vidare åtgärdsbehov.");
        var stated = round2.Count(r => !string.IsNullOrWhiteSpace(r.Round2!.ImprovementAreas));
        var observations = new List<string>
        {
            stated == 0
                ? "Uppföljning 2 redovisar inga förbättringsområden eller vidare hanterings- och åtgärdsbehov."
                : $"Uppföljning 2 redovisar förbättringsområden eller vidare hanterings- och åtgärdsbehov för {stated} av {Risks(round2.Count)}.",
        };
        return Area(AuditArea.Actions, findings.Count == 0 ? Verdict.Uppfyllt : Verdict.InteHeltUppfyllt, findings, observations);
    }

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : string.Join(", ", parts.Take(parts.Count - 1)) + " och " + parts[^1];

    public static string MethodName(HandlingMethod method) => method switch
    {
        HandlingMethod.None => "ingen",
        HandlingMethod.Bevakning => "bevakning",
        HandlingMethod.Granskning => "granskning",
        _ => "åtgärd",
    };
}
