namespace RiskRegister.Api.Domain;

/// <summary>A unit as the tree's rules see it: its kind and where it stands.</summary>
public sealed record UnitNode(long Id, UnitKind Kind, long? ParentId);

/// <summary>
/// The region's organisation as a tree: nämnd (<c>board</c>) → förvaltning (<c>administration</c>) → verksamhetsområde,
/// område or enhet (<c>department</c>, under a förvaltning or another department), at most <see cref="MaxDepth"/> levels
/// from the top. Pure rules over the units as read (a region holds tens of units, a country a few thousand).
/// </summary>
public sealed class UnitTree
{
    /// <summary>Levels from a top unit down, the top one included (nämnd, förvaltning and three levels of departments).</summary>
    public const int MaxDepth = 5;

    private readonly Dictionary<long, UnitNode> _units;
    private readonly ILookup<long, UnitNode> _children;

    public UnitTree(IEnumerable<UnitNode> units)
    {
        _units = units.ToDictionary(u => u.Id);
        _children = _units.Values.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value);
    }

    public UnitNode? Find(long id) => _units.GetValueOrDefault(id);

    /// <summary>The unit and every unit below it, at any depth.</summary>
    public IReadOnlySet<long> Subtree(long id)
    {
        var found = new HashSet<long>();
        var next = new Stack<long>([id]);
        while (next.Count > 0)
        {
            var unit = next.Pop();
            if (!found.Add(unit)) continue;   // a cycle (impossible through the API) ends here
            foreach (var child in _children[unit]) next.Push(child.Id);
        }
        return found;
    }

    /// <summary>The unit's ancestors, nearest first.</summary>
    public IEnumerable<UnitNode> Ancestors(long id)
    {
        var seen = new HashSet<long> { id };
        for (var unit = Find(id); unit?.ParentId is { } parent && seen.Add(parent) && Find(parent) is { } up; unit = up)
            yield return up;
    }

    /// <summary>1 for a unit at the top, 2 for one under it, and so on.</summary>
    public int Depth(long id) => 1 + Ancestors(id).Count();

    /// <summary>Levels the unit's subtree spans: 1 for a unit with nothing below it.</summary>
    public int Height(long id) => 1 + _children[id].Select(c => Height(c.Id)).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Why a unit of <paramref name="kind"/> cannot stand under <paramref name="parent"/> (null: at the top), or null when it
    /// can. A förvaltning stands under a nämnd or at the top (as it always could); a department under a förvaltning or a
    /// department; a nämnd at the top or under a nämnd (as before).
    /// </summary>
    public static string? KindProblem(UnitKind kind, UnitNode? parent) => (kind, parent?.Kind) switch
    {
        (UnitKind.Department, null) => "A department (verksamhetsområde, område, enhet) needs a parent: a förvaltning (administration) or a department.",
        (UnitKind.Department, UnitKind.Board) => $"A department cannot stand directly under a nämnd (unit {parent!.Id} is a board): put it under a förvaltning (administration).",
        (UnitKind.Department, _) => null,
        (_, null) => null,
        (_, UnitKind.Board) => null,
        _ => $"A {kind.ToApi()} must stand under a nämnd (board); unit {parent!.Id} is a {parent.Kind.ToApi()}.",
    };

    /// <summary>
    /// Why <paramref name="unitId"/>, of <paramref name="kind"/>, cannot stand under <paramref name="parentId"/> (null: at the
    /// top), or null when it can: the kinds, a cycle (a unit under itself or its own descendant), the depth of its subtree.
    /// A unit being created is not in the tree yet: its subtree is itself.
    /// </summary>
    public string? PlacementProblem(long? unitId, UnitKind kind, long? parentId)
    {
        var parent = parentId is { } p ? Find(p) : null;
        if (parentId is not null && parent is null) return $"No unit {parentId}.";
        if (unitId is { } id && parentId is { } under && Subtree(id).Contains(under))
            return under == id ? $"Unit {id} cannot be its own parent." : $"Unit {under} stands below unit {id}: moving {id} under it would make a cycle.";
        if (KindProblem(kind, parent) is { } kindProblem) return kindProblem;
        var depth = (parentId is { } q ? Depth(q) : 0) + (unitId is { } u && Find(u) is not null ? Height(u) : 1);
        return depth > MaxDepth
            ? $"The unit tree is at most {MaxDepth} levels deep; there the unit{(unitId is { } x && Height(x) > 1 ? " and the units below it" : "")} would reach level {depth}."
            : null;
    }
}
