using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.FollowUps;

/// <summary>Why a follow-up cannot be recorded on a risk right now; null when it can.</summary>
public static class FollowUpGate
{
    public static string? Refusal(RiskHeader risk) => risk.Plan.Status switch
    {
        PlanStatus.Draft => $"Plan {risk.Plan.Id} is a draft: follow-ups are recorded once the nämnd has adopted it.",
        PlanStatus.Closed => $"Plan {risk.Plan.Id} is closed: its follow-ups are final.",
        _ => null,
    };

    /// <summary>Both rounds re-assess on the plan's scale.</summary>
    public static IEnumerable<(string Field, string Reason)> ScaleErrors(Scale scale, int probability, int consequence)
    {
        if (!scale.Contains(probability)) yield return ("probability", $"Probability must be between 1 and {scale.Size} on this plan's scale.");
        if (!scale.Contains(consequence)) yield return ("consequence", $"Consequence must be between 1 and {scale.Size} on this plan's scale.");
    }
}
