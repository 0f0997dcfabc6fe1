namespace RiskRegister.Api.Features.Goals;

/// <summary>The goals' setting in configuration section <c>Limits</c>.</summary>
public sealed class GoalSettings : ISettings
{
    public static string Section => "Limits";

    /// <summary>
    /// Most goals one unit may hold (<c>409</c> past it). A region holds five overall goals and a nämnd tens of goals and
    /// uppdrag (004 § 215 lists seven fullmäktigeuppdrag); 100 leaves room, and bounds what a unit's goal list and a
    /// plan's grouping by goal read (five levels of units, 500 goals at most).
    /// </summary>
    public int MaxGoalsPerUnit { get; set; } = 100;

    public IEnumerable<string> Problems()
    {
        if (MaxGoalsPerUnit < 1) yield return $"Limits:MaxGoalsPerUnit: {MaxGoalsPerUnit} is not more than 0.";
    }
}
