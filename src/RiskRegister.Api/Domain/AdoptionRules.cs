namespace RiskRegister.Api.Domain;

/// <summary>A broken rule: the field it concerns (<c>risks[2].motivation</c>) and why, in the register's words.</summary>
public sealed record RuleBreach(string Field, string Reason);

/// <summary>
/// The rules a plan must meet before its nämnd can adopt it. The auditors' criticisms are the reason
/// for them: methods without motivation, granskning and åtgärd (and whatever else the policy names) without measure or timeline.
/// The same list is shown on a draft as warnings, so nothing comes as a surprise at adoption.
/// </summary>
public static class AdoptionRules
{
    public static IReadOnlyList<RuleBreach> Check(Scale scale, AdoptionPolicy policy, IReadOnlyList<Risk> risks)
    {
        var breaches = new List<RuleBreach>();
        if (risks.Count == 0)
            breaches.Add(new("risks", "The plan has no risks. A riskanalys lists every risk, the lower ones too."));

        for (var i = 0; i < risks.Count; i++)
        {
            var risk = risks[i];
            var at = $"risks[{i}]";
            var name = $"Risk {risk.Id} \"{risk.Title}\"";
            if (string.IsNullOrWhiteSpace(risk.Description))
                breaches.Add(new($"{at}.description", $"{name} has no description."));
            if (!scale.Contains(risk.Value.Probability))
                breaches.Add(new($"{at}.probability", $"{name} has a probability outside the plan's scale 1–{scale.Size}."));
            if (!scale.Contains(risk.Value.Consequence))
                breaches.Add(new($"{at}.consequence", $"{name} has a consequence outside the plan's scale 1–{scale.Size}."));

            var hasMotivation = !string.IsNullOrWhiteSpace(risk.Motivation);
            if (risk.HandlingMethod != HandlingMethod.None && !hasMotivation)
                breaches.Add(new($"{at}.motivation", $"{name} has handling method {risk.HandlingMethod.ToApi()} without a motivation."));

            if (policy.RequiresActivity(risk.HandlingMethod) && !HasMeasuredActivity(risk))
                breaches.Add(new($"{at}.activities", $"{name} has handling method {risk.HandlingMethod.ToApi()} but no activity with a measure (mätvärde) and a due date (tidplan)."));

            if (scale.Level(risk.Value.Score) == RiskLevel.Red
                && risk.HandlingMethod == HandlingMethod.None && !hasMotivation)
                breaches.Add(new($"{at}.handlingMethod", $"{name} is red but has no handling method and no motivation for accepting it."));
        }
        return breaches;
    }

    /// <summary>An activity with a measure and a due date (the register stores no activity without one, but a blank measure is none): what the policy asks of a method that requires one.</summary>
    public static bool HasMeasuredActivity(Risk risk) =>
        risk.Activities.Any(a => !string.IsNullOrWhiteSpace(a.Measure));
}
