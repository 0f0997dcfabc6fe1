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

    /// <summary>
    /// Why goal <paramref name="goalId"/> (null: one being created) of unit <paramref name="unitId"/> cannot take
    /// <paramref name="externalRef"/>, which goal <paramref name="holderId"/> of the unit has (null: none), or null: a code
    /// names one goal of a unit.
    /// </summary>
    public static string? ExternalRefProblem(long unitId, string? externalRef, long? holderId, long? goalId) =>
        externalRef is not null && holderId is { } other && other != goalId ? $"Goal {other} of unit {unitId} already has externalRef \"{externalRef}\"." : null;

    /// <summary>
    /// Each of <paramref name="goalIds"/> a risk or control of a plan of unit <paramref name="unitId"/> cannot link to, with
    /// its place in the list and why: no such goal (<paramref name="unitOf"/> holds every goal's unit), or a goal of a unit
    /// not in <paramref name="seen"/> (<see cref="UnitsSeenFrom"/> the plan's unit).
    /// </summary>
    public static List<(int Index, string Reason)> LinkProblems(long unitId, IReadOnlyDictionary<long, long> unitOf, IReadOnlySet<long> seen, IReadOnlyList<long> goalIds)
    {
        var problems = new List<(int, string)>();
        for (var i = 0; i < goalIds.Count; i++)
        {
            if (!unitOf.TryGetValue(goalIds[i], out var goalUnit)) problems.Add((i, $"No goal {goalIds[i]}."));
            else if (!seen.Contains(goalUnit))
                problems.Add((i, $"Goal {goalIds[i]} belongs to unit {goalUnit}, which is not the plan's unit {unitId} or a unit above it."));
        }
        return problems;
    }

    /// <summary>
    /// What uses a goal, named as a person fixing it reads it: "risks 4, 9 (plan 2); control 3 (plan 2); subgoal 12" — the
    /// risks and controls linking to it, each with its plan, and the goals under it. Null when nothing does.
    /// </summary>
    public static string? Uses(IReadOnlyList<GoalUse> risks, IReadOnlyList<GoalUse> controls, IReadOnlyList<long> subgoals)
    {
        var parts = new List<string>();
        if (risks.Count > 0) parts.Add(Named("risk", risks));
        if (controls.Count > 0) parts.Add(Named("control", controls));
        if (subgoals.Count > 0) parts.Add((subgoals.Count == 1 ? "subgoal " : "subgoals ") + string.Join(", ", subgoals));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>Why a goal that <paramref name="uses"/> (<see cref="Uses"/>) cannot be deleted.</summary>
    public static string InUseProblem(long goalId, string uses) => $"Goal {goalId} is in use: {uses}. Remove the links (or move the subgoals) first.";

    /// <summary>
    /// Why unit <paramref name="unitId"/> cannot move under <paramref name="newParentId"/>, or null: a risk or control of a
    /// plan in its subtree, or a goal there, may link only to goals of its unit or above (<see cref="ParentProblem"/>,
    /// <see cref="LinkProblems"/>), so a move that takes a goal out from above what links to it is refused, naming each such
    /// goal and its links as a goal in use is named (<see cref="Uses"/>). The links are not dropped silently: a plan's links
    /// are what its nämnd adopted, and the one fixing them decides where each should point.
    /// </summary>
    public static string? MoveProblem(UnitTree tree, long unitId, long newParentId, IReadOnlyList<UnitGoal> goals, IReadOnlyList<GoalLink> links)
    {
        var moving = tree.Subtree(unitId);
        var stillAbove = UnitsSeenFrom(tree, newParentId);
        var unitOf = goals.ToDictionary(g => g.Id, g => g.UnitId);
        bool Lost(long goalId) => unitOf.TryGetValue(goalId, out var unit) && !moving.Contains(unit) && !stillAbove.Contains(unit);
        var broken = new SortedDictionary<long, (List<GoalUse> Risks, List<GoalUse> Controls, List<long> Subgoals)>();
        (List<GoalUse> Risks, List<GoalUse> Controls, List<long> Subgoals) Of(long goalId) =>
            broken.TryGetValue(goalId, out var found) ? found : broken[goalId] = ([], [], []);
        foreach (var link in links.Where(l => moving.Contains(l.UnitId) && Lost(l.GoalId)).OrderBy(l => l.Id))
            (link.Kind == GoalLinkKind.Risk ? Of(link.GoalId).Risks : Of(link.GoalId).Controls).Add(new GoalUse(link.Id, link.PlanId));
        foreach (var goal in goals.Where(g => moving.Contains(g.UnitId) && g.ParentId is { } p && Lost(p)).OrderBy(g => g.Id))
            Of(goal.ParentId!.Value).Subgoals.Add(goal.Id);
        if (broken.Count == 0) return null;
        var named = broken.Select(b => $"goal {b.Key} (unit {unitOf[b.Key]}): {Uses(b.Value.Risks, b.Value.Controls, b.Value.Subgoals)}");
        return $"Unit {unitId} cannot move under unit {newParentId}: what it holds links to goals of units that would no longer be above it — "
            + string.Join(" — ", named) + ". Remove the links (or move the subgoals) first.";
    }

    private static string Named(string what, IReadOnlyList<GoalUse> items) =>
        (items.Count == 1 ? what + " " : what + "s ") + string.Join(", ", items.GroupBy(i => i.PlanId)
            .Select(plan => $"{string.Join(", ", plan.Select(i => i.Id))} (plan {plan.Key})"));
}

/// <summary>A risk or control (<paramref name="Id"/>) of plan <paramref name="PlanId"/> that links to a goal.</summary>
public sealed record GoalUse(long Id, long PlanId);

/// <summary>What links to a goal: a risk or a control.</summary>
public enum GoalLinkKind { Risk, Control }

/// <summary>A link of risk or control <paramref name="Id"/> of plan <paramref name="PlanId"/>, a plan of unit <paramref name="UnitId"/>, to goal <paramref name="GoalId"/>.</summary>
public sealed record GoalLink(GoalLinkKind Kind, long Id, long PlanId, long UnitId, long GoalId);
