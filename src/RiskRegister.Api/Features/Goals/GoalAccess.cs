namespace RiskRegister.Api.Features.Goals;

/// <summary>Who writes a unit's goals: its registrators (and those of a unit above, whose units cover it) and admins.</summary>
public static class GoalAccess
{
    /// <summary>Why the caller may not write the goals of <paramref name="unitId"/> (a <c>403</c>), or null when it may.</summary>
    public static string? Refusal(Caller caller, long unitId) => caller.CanSee(unitId)
        ? null
        : $"The goals of unit {unitId} are written by its registrators and by admins.";
}
