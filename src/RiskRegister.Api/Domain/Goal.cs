namespace RiskRegister.Api.Domain;

/// <summary>
/// A goal or uppdrag of a unit (the region's overall goals, a nämnd's goals, a fullmäktigeuppdrag), in a hierarchy: its
/// parent is a goal of its own unit or of a unit above. <c>ExternalRef</c> is its code where the region keeps its goals
/// (Stratsys). Goal names are not secret: a goal is shown to every reader; what a marked risk links to is the risk's.
/// </summary>
public sealed record UnitGoal(long Id, long UnitId, long? ParentId, string Title, string? Description, string? ExternalRef, long Version, string CreatedAt, string UpdatedAt);

/// <summary>The rules about goals: which a unit sees, where one may stand, which are below one.</summary>
public static class GoalRules
{
    /// <summary>The units whose goals <paramref name="unitId"/> sees: itself and every unit above it.</summary>
    public static IReadOnlySet<long> UnitsSeenFrom(UnitTree tree, long unitId) =>
        tree.Ancestors(unitId).Select(u => u.Id).Append(unitId).ToHashSet();

    /// <summary>
    /// Why <paramref name="parent"/> cannot be the parent of goal <paramref name="goalId"/> (null: one being created) of unit
    /// <paramref name="unitId"/>, or null when it can: it must be a goal the unit sees, and not the goal itself or one below it.
    /// </summary>
    public static string? ParentProblem(UnitTree tree, long unitId, long? goalId, UnitGoal parent, IReadOnlyCollection<UnitGoal> goals)
    {
        if (!UnitsSeenFrom(tree, unitId).Contains(parent.UnitId))
            return $"Goal {parent.Id} belongs to unit {parent.UnitId}, which is not unit {unitId} or a unit above it.";
        if (goalId is { } id && Subtree(goals, id).Contains(parent.Id))
            return parent.Id == id ? $"Goal {id} cannot be its own parent." : $"Goal {parent.Id} is below goal {id}: a goal cannot stand under its own subgoal.";
        return null;
    }

    /// <summary>The goal and every goal below it, at any depth, among <paramref name="goals"/>.</summary>
    public static IReadOnlySet<long> Subtree(IReadOnlyCollection<UnitGoal> goals, long goalId)
    {
        var children = goals.Where(g => g.ParentId is not null).ToLookup(g => g.ParentId!.Value, g => g.Id);
        var found = new HashSet<long> { goalId };
        var pending = new Queue<long>([goalId]);
        while (pending.TryDequeue(out var id))
            foreach (var child in children[id])
                if (found.Add(child)) pending.Enqueue(child);
        return found;
    }

    /// <summary>
    /// The goals a unit sees, in the order a reader reads them: from the top unit down, a parent before its subgoals,
    /// siblings in the order they were made.
    /// </summary>
    public static List<UnitGoal> InReadingOrder(UnitTree tree, long unitId, IEnumerable<UnitGoal> goals)
    {
        var depth = tree.Find(unitId) is null ? new Dictionary<long, int>() : UnitsSeenFrom(tree, unitId).ToDictionary(u => u, tree.Depth);
        var seen = goals.Where(g => depth.ContainsKey(g.UnitId)).ToList();
        var ids = seen.Select(g => g.Id).ToHashSet();
        var children = seen.Where(g => g.ParentId is { } p && ids.Contains(p)).ToLookup(g => g.ParentId!.Value);
        var ordered = new List<UnitGoal>();
        void Visit(UnitGoal goal)
        {
            ordered.Add(goal);
            foreach (var child in children[goal.Id].OrderBy(c => depth[c.UnitId]).ThenBy(c => c.Id)) Visit(child);
        }
        foreach (var root in seen.Where(g => g.ParentId is not { } p || !ids.Contains(p)).OrderBy(g => depth[g.UnitId]).ThenBy(g => g.Id)) Visit(root);
        return ordered;
    }

    /// <summary>Why a unit holding <paramref name="held"/> goals cannot take another, or null.</summary>
    public static string? LimitProblem(long unitId, int held, int max) =>
        held >= max ? $"Unit {unitId} holds {max} goals, the most a unit may hold (Limits:MaxGoalsPerUnit)." : null;
}
