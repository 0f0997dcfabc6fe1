namespace RiskRegister.Api.Domain;

/// <summary>The auditors' judgement of one area (revisorernas bedömningsskala).</summary>
public enum Judgement { Uppfyllt, InteHeltUppfyllt, InteUppfyllt }

/// <summary>One audited area: its key, its Swedish name, the judgement and the findings behind it.</summary>
public sealed record AssessedArea(string Key, string Area, Judgement Judgement, IReadOnlyList<string> Findings);

/// <summary>
/// The auditors' criteria for intern kontroll (seed 002, "Granskning av nämndens interna kontroll"),
/// checked against the register's data. Each area is <c>uppfyllt</c> when nothing is found,
/// <c>inteHeltUppfyllt</c> when there are deviations, <c>inteUppfyllt</c> when the area's core is missing.
/// Findings are in Swedish, as the auditors write them.
/// </summary>
public static class AssessmentCriteria
{
    /// <summary>Motivations shorter than this are flagged: the auditors found them "mostly general".</summary>
    public const int ShortMotivation = 40;

    /// <summary>
    /// Judges the plan on its risks as held (never redacted: an emptied text is not a missing one); the findings name a
    /// risk that <paramref name="disclosure"/> redacts by its marking, not its title, and quote none of its texts.
    /// </summary>
    public static IReadOnlyList<AssessedArea> Judge(Scale scale, PlanStatus status, IReadOnlyList<Risk> risks, DateOnly today, Disclosure disclosure = Disclosure.Full,
        IReadOnlyList<Control>? controls = null)
    {
        var adopted = status != PlanStatus.Draft;
        controls ??= [];
        return
        [
            PlanEstablished(scale, adopted, risks, disclosure),
            Round1(adopted, risks, disclosure),
            Round2(adopted, risks, disclosure),
            CarriedOut(adopted, risks, today, disclosure).With(ControlRules.CarriedOutFindings(controls, risks, adopted, today, disclosure)),
            Strengthened(adopted, risks, disclosure).With(ControlRules.ActionFindings(controls, risks, adopted, disclosure)),
        ];
    }

    /// <summary>A förvaltning that has no plan for the year: every area judged inteUppfyllt, as the auditors would.</summary>
    public static IReadOnlyList<AssessedArea> Missing(int year) =>
        Judge(Scale.Default, PlanStatus.Draft, [], new DateOnly(year, 1, 1)).Select(a => a with
        {
            Judgement = Judgement.InteUppfyllt,
            Findings = [$"Det finns ingen riskanalys och riskhanteringsplan för {year}."],
        }).ToList();

    /// <summary>
    /// The nämnd's judgement of each area from its förvaltningar's: the worst of theirs, with every finding naming
    /// the förvaltning it was made on. The areas keep the template's order.
    /// </summary>
    public static IReadOnlyList<AssessedArea> Combine(IReadOnlyList<(string Unit, IReadOnlyList<AssessedArea> Areas)> units)
    {
        if (units.Count == 0) return [];
        return units[0].Areas.Select((first, i) => new AssessedArea(first.Key, first.Area,
            units.Select(u => u.Areas[i].Judgement).Max(),
            units.SelectMany(u => u.Areas[i].Findings.Select(f => $"{u.Unit}: {f}")).ToList())).ToList();
    }

    /// <summary>The worst judgement of all areas.</summary>
    public static Judgement Overall(IEnumerable<AssessedArea> areas) =>
        areas.Select(a => a.Judgement).DefaultIfEmpty(Judgement.Uppfyllt).Max();

    private static string Name(Risk r, Disclosure disclosure) =>
        r.IsRedactedFor(disclosure) ? $"\"{SecrecyRules.RedactedTitle} ({r.Secrecy!.Ground})\"" : $"\"{r.Title}\"";

    private static AssessedArea PlanEstablished(Scale scale, bool adopted, IReadOnlyList<Risk> risks, Disclosure disclosure)
    {
        const string key = "planUpprattad", area = "Upprättad riskanalys och riskhanteringsplan";
        var core = new List<string>();
        if (!adopted) core.Add("Planen är inte fastställd av nämnden.");
        if (risks.Count == 0) core.Add("Planen innehåller inga risker.");
        if (core.Count > 0) return new(key, area, Judgement.InteUppfyllt, core);

        var findings = new List<string>();
        foreach (var r in risks.Where(r => string.IsNullOrWhiteSpace(r.Description)))
            findings.Add($"Risken {Name(r, disclosure)} saknar beskrivning utifrån nämndens uppdrag.");
        var handled = risks.Where(r => r.HandlingMethod != HandlingMethod.None).ToList();
        foreach (var r in handled.Where(r => string.IsNullOrWhiteSpace(r.Motivation)))
            findings.Add($"Risken {Name(r, disclosure)} har hanteringsmetod {MethodName(r.HandlingMethod)} utan motivering.");
        foreach (var r in handled.Where(r => !string.IsNullOrWhiteSpace(r.Motivation) && r.Motivation!.Trim().Length < ShortMotivation))
            findings.Add($"Motiveringen till hanteringsmetoden för risken {Name(r, disclosure)} är kortfattad och allmänt hållen.");
        foreach (var r in handled.Where(r => !AdoptionRules.HasMeasuredActivity(r)))
            findings.Add($"Risken {Name(r, disclosure)} ({MethodName(r.HandlingMethod)}) saknar aktivitet med mätvärde och tidplan.");
        if (risks.All(r => r.HandlingMethod != HandlingMethod.None))
            findings.Add("Planen saknar förteckning över de lägre riskerna som inte kräver hanteringsmetod.");
        foreach (var r in risks.Where(r => scale.Level(r.Value.Score) == RiskLevel.Red && r.HandlingMethod == HandlingMethod.None && string.IsNullOrWhiteSpace(r.Motivation)))
            findings.Add($"Risken {Name(r, disclosure)} har högt riskvärde ({r.Value.Score}) men ingen hanteringsmetod och ingen motivering.");
        return new(key, area, findings.Count == 0 ? Judgement.Uppfyllt : Judgement.InteHeltUppfyllt, findings);
    }

    private static AssessedArea Round1(bool adopted, IReadOnlyList<Risk> risks, Disclosure disclosure)
    {
        const string key = "uppfoljning1", area = "Genomfört uppföljning 1";
        var done = risks.Where(r => r.Round1 is not null).ToList();
        if (!adopted || risks.Count == 0 || done.Count == 0)
            return new(key, area, Judgement.InteUppfyllt, ["Uppföljning 1 är inte genomförd för någon risk."]);
        var findings = new List<string>();
        foreach (var r in risks.Where(r => r.Round1 is null))
            findings.Add($"Risken {Name(r, disclosure)} saknar uppföljning 1.");
        foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round1!.Observations)))
            findings.Add($"Uppföljning 1 av risken {Name(r, disclosure)} saknar status för iakttagelser.");
        foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round1!.Events)))
            findings.Add($"Uppföljning 1 av risken {Name(r, disclosure)} saknar beskrivning av händelser som påverkat risken.");
        return new(key, area, findings.Count == 0 ? Judgement.Uppfyllt : Judgement.InteHeltUppfyllt, findings);
    }

    private static AssessedArea Round2(bool adopted, IReadOnlyList<Risk> risks, Disclosure disclosure)
    {
        const string key = "uppfoljning2", area = "Genomfört uppföljning 2";
        var done = risks.Where(r => r.Round2 is not null).ToList();
        if (!adopted || risks.Count == 0 || done.Count == 0)
            return new(key, area, Judgement.InteUppfyllt, ["Uppföljning 2 är inte genomförd för någon risk."]);
        var findings = new List<string>();
        foreach (var r in risks.Where(r => r.Round2 is null))
            findings.Add($"Risken {Name(r, disclosure)} saknar uppföljning 2 med slutligt riskvärde.");
        foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round2!.Result)))
            findings.Add($"Uppföljning 2 av risken {Name(r, disclosure)} saknar resultat av genomförd hantering.");
        foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round2!.ImprovementAreas)))
            findings.Add($"Uppföljning 2 av risken {Name(r, disclosure)} saknar förbättringsområden och vidare hanteringsbehov.");
        foreach (var r in done.Where(r => string.IsNullOrWhiteSpace(r.Round2!.FinalMotivation)))
            findings.Add($"Uppföljning 2 av risken {Name(r, disclosure)} saknar motivering till slutligt riskvärde.");
        return new(key, area, findings.Count == 0 ? Judgement.Uppfyllt : Judgement.InteHeltUppfyllt, findings);
    }

    private static AssessedArea CarriedOut(bool adopted, IReadOnlyList<Risk> risks, DateOnly today, Disclosure disclosure)
    {
        const string key = "planGenomford", area = "Genomförd riskanalys och riskhanteringsplan";
        var both = risks.Count(r => r.Round1 is not null && r.Round2 is not null);
        if (!adopted || risks.Count == 0 || both == 0)
            return new(key, area, Judgement.InteUppfyllt, ["Ingen risk har följts upp vid båda tillfällena."]);
        var findings = new List<string>();
        if (both < risks.Count)
            findings.Add($"{both} av {risks.Count} risker har följts upp vid båda tillfällena.");
        foreach (var r in risks)
            foreach (var a in r.Activities.Where(a => a.Status != HandlingStatus.Done && a.Due < today))
                findings.Add($"{(r.IsRedactedFor(disclosure) ? "En aktivitet" : $"Aktiviteten \"{a.Description}\"")} under risken {Name(r, disclosure)} skulle vara klar {a.Due:yyyy-MM-dd} men är inte genomförd.");
        return new(key, area, findings.Count == 0 ? Judgement.Uppfyllt : Judgement.InteHeltUppfyllt, findings);
    }

    private static AssessedArea Strengthened(bool adopted, IReadOnlyList<Risk> risks, Disclosure disclosure)
    {
        const string key = "vidtagnaAtgarder", area = "Vidtagna åtgärder för att stärka den interna kontrollen";
        var round2 = risks.Where(r => r.Round2 is not null).ToList();
        if (!adopted || round2.Count == 0)
            return new(key, area, Judgement.InteUppfyllt, ["Inga förbättringsområden eller vidare åtgärdsbehov är redovisade."]);
        var findings = new List<string>();
        // A risk that grew since adoption needs a stated way forward, or the growth goes unanswered.
        foreach (var r in round2.Where(r => r.Round2!.Value.Score > r.Value.Score && string.IsNullOrWhiteSpace(r.Round2.ImprovementAreas)))
            findings.Add($"Risken {Name(r, disclosure)} ökade från {r.Value.Score} till {r.Round2!.Value.Score} utan redovisade förbättringsområden eller åtgärdsbehov.");
        foreach (var r in round2.Where(r => r.Round2!.Value.Score > r.Value.Score && r.HandlingMethod == HandlingMethod.None))
            findings.Add($"Risken {Name(r, disclosure)} ökade från {r.Value.Score} till {r.Round2!.Value.Score} men har ingen hanteringsmetod.");
        return new(key, area, findings.Count == 0 ? Judgement.Uppfyllt : Judgement.InteHeltUppfyllt, findings);
    }

    public static string MethodName(HandlingMethod method) => method switch
    {
        HandlingMethod.None => "ingen",
        HandlingMethod.Bevakning => "bevakning",
        HandlingMethod.Granskning => "granskning",
        _ => "åtgärd",
    };
}
