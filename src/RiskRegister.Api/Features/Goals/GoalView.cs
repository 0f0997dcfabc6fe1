namespace RiskRegister.Api.Features.Goals;

/// <summary>A goal or uppdrag of a unit, as the API shows it.</summary>
public sealed class GoalView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The unit whose goal it is (the region's nämnd for its overall goals).</summary>
    public long UnitId { get; init; }
    /// <summary>The goal above: one of the same unit or of a unit above it; null for a goal at the top.</summary>
    public long? ParentId { get; init; }
    /// <summary>The goal, e.g. "Långsiktigt stark ekonomi".</summary>
    public string Title { get; init; } = "";
    /// <summary>More about the goal, if told.</summary>
    public string? Description { get; init; }
    /// <summary>The goal's code where the region keeps its goals, e.g. in Stratsys.</summary>
    public string? ExternalRef { get; init; }
    /// <summary>When the goal was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>When the goal last changed (UTC).</summary>
    [Timestamp] public string UpdatedAt { get; init; } = "";

    internal long Version { get; init; }

    public static GoalView Of(UnitGoal goal) => new()
    {
        Id = goal.Id, UnitId = goal.UnitId, ParentId = goal.ParentId, Title = goal.Title, Description = goal.Description,
        ExternalRef = goal.ExternalRef, CreatedAt = goal.CreatedAt, UpdatedAt = goal.UpdatedAt, Version = goal.Version,
    };
}
