namespace RiskRegister.Api.Domain;

/// <summary>A broken rule: the field it concerns (<c>risks[2].motivation</c>) and why, in the register's words.</summary>
public sealed record RuleBreach(string Field, string Reason);

/// <summary>
/// One unmet criterion of the plan's contents: the field and reason the API gives (English), the finding the
/// auditors' assessment and the documents print (Swedish), whether it blocks adoption or only warns, and the area of
/// the auditors' report it belongs to.
/// </summary>
public sealed record CriterionBreach(string Field, string Reason, string Finding, bool Blocks, AuditArea Area = AuditArea.Contents)
{
    public RuleBreach AsRule => new(Field, Reason);
}

/// <summary>
/// The one set of criteria a plan's contents are held to: adoption refuses a plan that breaks a blocking one and answers
/// the others as warnings, a draft shows both, and the auditors' assessment (area <c>contents</c>) criticises exactly
/// these, so nothing adopted without a warning is criticised later. The auditors' criticisms are the reason for them:
/// methods without motivation, motivations "mostly general", no measure or timeline for activities.
/// </summary>
public static class PlanCriteria
{
    /// <summary>Motivations shorter than this are flagged: the auditors found them "mostly general".</summary>
    public const int ShortMotivation = 40;

    public static IReadOnlyList<CriterionBreach> Check(Scale scale, AdoptionPolicy policy, IReadOnlyList<Risk> risks, Disclosure disclosure = Disclosure.Full)
    {
        var breaches = new List<CriterionBreach>();
        if (risks.Count == 0)
            breaches.Add(new("risks", "The plan has no risks. A riskanalys lists every risk, the lower ones too.", "Planen innehåller inga risker.", Blocks: true));

        for (var i = 0; i < risks.Count; i++)
        {
            var risk = risks[i];
            var at = $"risks[{i}]";
            var name = $"Risk {risk.Id} \"{risk.Title}\"";
            var sv = AssessmentCriteria.Name(risk, disclosure);
            var method = AssessmentCriteria.MethodName(risk.HandlingMethod);
            if (string.IsNullOrWhiteSpace(risk.Description))
                breaches.Add(new($"{at}.description", $"{name} has no description.", $"Risken {sv} saknar beskrivning utifrån nämndens uppdrag.", true));
            if (!scale.Contains(risk.Value.Probability))
                breaches.Add(new($"{at}.probability", $"{name} has a probability outside the plan's scale 1–{scale.Size}.", $"Risken {sv} har en sannolikhet utanför planens skala 1–{scale.Size}.", true));
            if (!scale.Contains(risk.Value.Consequence))
                breaches.Add(new($"{at}.consequence", $"{name} has a consequence outside the plan's scale 1–{scale.Size}.", $"Risken {sv} har en konsekvens utanför planens skala 1–{scale.Size}.", true));

            var hasMotivation = !string.IsNullOrWhiteSpace(risk.Motivation);
            if (risk.HandlingMethod != HandlingMethod.None && !hasMotivation)
                breaches.Add(new($"{at}.motivation", $"{name} has handling method {risk.HandlingMethod.ToApi()} without a motivation.",
                    $"Risken {sv} har hanteringsmetod {method} utan motivering.", true));
            if (risk.HandlingMethod != HandlingMethod.None && hasMotivation && risk.Motivation!.Trim().Length < ShortMotivation)
                breaches.Add(new($"{at}.motivation", $"{name}: the motivation of its handling method is short and general (under {ShortMotivation} characters).",
                    $"Motiveringen till hanteringsmetoden för risken {sv} är kortfattad och allmänt hållen.", false));

            if ((policy.RequiresActivity(risk.HandlingMethod) || policy.ExpectsActivity(risk.HandlingMethod)) && !AdoptionRules.HasMeasuredActivity(risk))
                breaches.Add(new($"{at}.activities", $"{name} has handling method {risk.HandlingMethod.ToApi()} but no activity with a measure (mätvärde) and a due date (tidplan).",
                    $"Risken {sv} ({method}) saknar aktivitet med mätvärde och tidplan.", policy.RequiresActivity(risk.HandlingMethod)));

            if (scale.Level(risk.Value.Score) == RiskLevel.Red && risk.HandlingMethod == HandlingMethod.None && !hasMotivation)
                breaches.Add(new($"{at}.handlingMethod", $"{name} is red but has no handling method and no motivation for accepting it.",
                    $"Risken {sv} har högt riskvärde ({risk.Value.Score}) men ingen hanteringsmetod och ingen motivering.", true));
        }
        return breaches;
    }
}

/// <summary>
/// The rules a plan must meet before its nämnd can adopt it: the blocking criteria of <see cref="PlanCriteria"/>.
/// The same list is shown on a draft, with the warnings beside it, so nothing comes as a surprise at adoption.
/// </summary>
public static class AdoptionRules
{
    public static IReadOnlyList<RuleBreach> Check(Scale scale, AdoptionPolicy policy, IReadOnlyList<Risk> risks) =>
        PlanCriteria.Check(scale, policy, risks).Where(b => b.Blocks).Select(b => b.AsRule).ToList();

    /// <summary>The criteria that do not block: adoption goes ahead and answers them as <c>warnings</c>.</summary>
    public static IReadOnlyList<RuleBreach> Warnings(Scale scale, AdoptionPolicy policy, IReadOnlyList<Risk> risks) =>
        PlanCriteria.Check(scale, policy, risks).Where(b => !b.Blocks).Select(b => b.AsRule).ToList();

    /// <summary>
    /// An activity with a measure and a due date (the register stores no activity without one, but a blank measure is none,
    /// and neither is the copy's reminder to set one, <see cref="CarryOver.MeasureToBeSet"/>): what the policy asks of a
    /// method that requires one.
    /// </summary>
    public static bool HasMeasuredActivity(Risk risk) => risk.Activities.Any(IsMeasured);

    /// <summary>The activity has a measure: not blank, and not the copy's reminder to set one.</summary>
    public static bool IsMeasured(RiskActivity activity) =>
        !string.IsNullOrWhiteSpace(activity.Measure) && activity.Measure.Trim() != CarryOver.MeasureToBeSet;
}
