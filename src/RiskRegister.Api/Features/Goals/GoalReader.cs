using RiskRegister.Api.Features.Units;

namespace RiskRegister.Api.Features.Goals;

/// <summary>Reads goals, and the links of risks and controls to them.</summary>
public static class GoalReader
{
    internal const string Columns = """
        g.id AS Id, g.unit_id AS UnitId, g.parent_id AS ParentId, g.title AS Title, g.description AS Description,
        g.external_ref AS ExternalRef, g.version AS Version, g.created_at AS CreatedAt, g.updated_at AS UpdatedAt
        """;

    /// <summary>One goal, or null. In a write its row is locked (<see cref="RowLocks"/>) so a change and a link see one goal.</summary>
    public static async Task<UnitGoal?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long goalId, CancellationToken ct)
    {
        var sql = $"SELECT {Columns} FROM goals g WHERE g.id = @goalId" + (RowLocks.Needed(transaction) ? "\nFOR UPDATE" : "");
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { goalId }, transaction, cancellationToken: ct)))?.ToGoal();
    }

    /// <summary>The goals unit <paramref name="unitId"/> sees (its own and those of the units above), in reading order.</summary>
    public static async Task<List<UnitGoal>> SeenFromAsync(IDbConnection connection, IDbTransaction? transaction, UnitTree tree, long unitId, CancellationToken ct)
    {
        var units = GoalRules.UnitsSeenFrom(tree, unitId).ToArray();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM goals g WHERE {SqlDialect.InList(connection, "g.unit_id", "@units")}", new { units }, transaction, cancellationToken: ct));
        return GoalRules.InReadingOrder(tree, unitId, rows.Select(r => r.ToGoal()));
    }

    /// <summary>Every goal of the units in <paramref name="units"/>.</summary>
    public static async Task<List<UnitGoal>> OfUnitsAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> units, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM goals g WHERE {SqlDialect.InList(connection, "g.unit_id", "@units")} ORDER BY g.id", new { units = units.ToArray() }, transaction, cancellationToken: ct)))
        .Select(r => r.ToGoal()).ToList();

    internal sealed class Row
    {
        public long Id { get; init; }
        public long UnitId { get; init; }
        public long? ParentId { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string? ExternalRef { get; init; }
        public long Version { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";

        public UnitGoal ToGoal() => new(Id, UnitId, ParentId, Title, Description, ExternalRef, Version, CreatedAt, UpdatedAt);
    }
}

/// <summary>The links of a risk or a control to goals: checked against the plan's unit, then stored in place of the old.</summary>
public static class GoalLinks
{
    public enum Kind { Risk, Control }

    internal static string Table(Kind kind) => kind == Kind.Risk ? "risk_goals" : "control_goals";
    internal static string Column(Kind kind) => kind == Kind.Risk ? "risk_id" : "control_id";

    /// <summary>The most goals one risk or control may link to (a request's list is refused past it).</summary>
    public const int MaxPerItem = 20;

    /// <summary>
    /// Each of <paramref name="goalIds"/> that is no goal seen from unit <paramref name="unitId"/> (its own or a unit
    /// above), with its place in the list and why: each a <c>400</c> naming <c>goalIds[i]</c>.
    /// </summary>
    public static async Task<List<(int Index, string Reason)>> ProblemsAsync(IDbConnection connection, IDbTransaction transaction, long unitId, IReadOnlyList<long> goalIds, CancellationToken ct)
    {
        var problems = new List<(int, string)>();
        if (goalIds.Count == 0) return problems;
        var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
        var seen = GoalRules.UnitsSeenFrom(tree, unitId);
        var ids = goalIds.Distinct().ToArray();
        var units = (await connection.QueryAsync<(long Id, long UnitId)>(new CommandDefinition(
            $"SELECT id, unit_id FROM goals WHERE {SqlDialect.InList(connection, "id", "@ids")}", new { ids }, transaction, cancellationToken: ct)))
            .ToDictionary(g => g.Id, g => g.UnitId);
        return new GoalsSeen(unitId, units, seen).Problems(goalIds);
    }

    /// <summary>
    /// Every goal's unit and the units <paramref name="unitId"/> sees, read once: for judging many lists of links
    /// (a workbook's rows) by the same rule as <see cref="ProblemsAsync"/>.
    /// </summary>
    public static async Task<GoalsSeen> SeenFromAsync(IDbConnection connection, IDbTransaction? transaction, long unitId, CancellationToken ct)
    {
        var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
        var units = (await connection.QueryAsync<(long Id, long UnitId)>(new CommandDefinition("SELECT id, unit_id FROM goals", transaction: transaction,
            cancellationToken: ct))).ToDictionary(g => g.Id, g => g.UnitId);
        return new GoalsSeen(unitId, units, GoalRules.UnitsSeenFrom(tree, unitId));
    }

    /// <summary>The goals' units (<paramref name="UnitOf"/>) and the <paramref name="Units"/> seen from unit <paramref name="UnitId"/>.</summary>
    public sealed record GoalsSeen(long UnitId, IReadOnlyDictionary<long, long> UnitOf, IReadOnlySet<long> Units)
    {
        /// <summary>Each of <paramref name="goalIds"/> that is no goal seen from the unit, with its place in the list and why.</summary>
        public List<(int Index, string Reason)> Problems(IReadOnlyList<long> goalIds) => GoalRules.LinkProblems(UnitId, UnitOf, Units, goalIds);
    }

    /// <summary>Replaces the goals <paramref name="id"/> links to with <paramref name="goalIds"/> (already checked).</summary>
    public static async Task ReplaceAsync(IDbConnection connection, IDbTransaction transaction, Kind kind, long id, IEnumerable<long> goalIds, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Table(kind)} WHERE {Column(kind)} = @id", new { id }, transaction, cancellationToken: ct));
        foreach (var goalId in goalIds.Distinct().Order())
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Table(kind)} ({Column(kind)}, goal_id) VALUES (@id, @goalId)", new { id, goalId }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// The links of a copied plan's risks and controls, as those they were copied from had them: a copy is of the same
    /// unit, so every goal its risks linked to is still seen from it.
    /// </summary>
    public static async Task CopyAsync(IDbConnection connection, IDbTransaction transaction, long newPlanId, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO risk_goals (risk_id, goal_id)
            SELECT r.id, rg.goal_id FROM risks r JOIN risk_goals rg ON rg.risk_id = r.copied_from_risk_id WHERE r.plan_id = @newPlanId;
            INSERT INTO control_goals (control_id, goal_id)
            SELECT c.id, cg.goal_id FROM controls c JOIN control_goals cg ON cg.control_id = c.copied_from_control_id WHERE c.plan_id = @newPlanId;
            """, new { newPlanId }, transaction, cancellationToken: ct));
}

/// <summary>The rules a request's <c>goalIds</c> meets before any goal is looked up.</summary>
public static class GoalIdRules
{
    public static void AddGoalIdRules<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, List<long>?>> goalIds)
    {
        // As rules the contract reads: maxItems on the list, minimum on its items.
        validator.RuleFor(goalIds).MaxItems(GoalLinks.MaxPerItem).WithMessage($"goalIds holds at most {GoalLinks.MaxPerItem} goals' ids.");
        validator.RuleForEach(System.Linq.Expressions.Expression.Lambda<Func<T, IEnumerable<long>>>(goalIds.Body, goalIds.Parameters)).GreaterThan(0);
    }
}
