using Npgsql;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// What a write locks before it reads what its rules depend on. On PostgreSQL, writers run side by side (on several
/// instances too), so a write locks the row its rule is about — the plan, for anything in a plan; the unit, for a plan of
/// a unit and year — with <c>SELECT … FOR UPDATE</c>, and a second write on it waits until the first commits, then reads
/// what the first wrote. On SQLite every write already runs alone (one writer's turn), so nothing is added.
/// </summary>
public static class RowLocks
{
    /// <summary>Whether statements in this transaction must lock the rows they read for a rule.</summary>
    public static bool Needed(IDbTransaction? transaction) => transaction is NpgsqlTransaction;

    /// <summary>
    /// Locks the plan a risk belongs to, before the write reads the risk. A statement of its own: under READ COMMITTED,
    /// a <c>SELECT … FOR UPDATE</c> that waited re-reads only the rows it locks, so a join's other rows (the risk, its
    /// version) could still be those from before the other write committed; the next statement sees that write.
    /// </summary>
    public static Task PlanOfRiskAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, CancellationToken ct) =>
        Needed(transaction)
            ? connection.ExecuteAsync(new CommandDefinition(PlanOfRiskSql("@riskId"), new { riskId }, transaction, cancellationToken: ct))
            : Task.CompletedTask;

    /// <summary>
    /// The statement of <see cref="PlanOfRiskAsync"/>, the risk's id in <paramref name="parameter"/>: for a command that
    /// sends it ahead of the risk's read. Still a statement of its own, so what follows it sees the write it waited for;
    /// only the round trip is shared.
    /// </summary>
    public static string PlanOfRiskSql(string parameter) =>
        $"SELECT id FROM plans WHERE id = (SELECT plan_id FROM risks WHERE id = {parameter}) FOR UPDATE";

    /// <summary>
    /// The statement of <see cref="SerializeAsync"/> for <paramref name="kind"/>, the key written out: for a command that
    /// sends it ahead of the statement it orders (the history insert, <see cref="WriteScope"/>), in one round trip.
    /// </summary>
    public static string SerializeSql(Kind kind) => $"SELECT pg_advisory_xact_lock({(long)kind})";

    /// <summary>
    /// Orders writes of one kind that no single row stands for (a new top-level unit's name among the others): a
    /// transaction-scoped advisory lock on PostgreSQL, released at commit or rollback.
    /// </summary>
    public static Task SerializeAsync(IDbConnection connection, IDbTransaction transaction, Kind kind, CancellationToken ct) =>
        Needed(transaction)
            ? connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = (long)kind }, transaction, cancellationToken: ct))
            : Task.CompletedTask;

    /// <summary>The advisory lock keys. Numbers, not hashes: the migrations use <see cref="Migrations"/> too.</summary>
    public enum Kind : long
    {
        Migrations = 0x5252_0001,
        UnitNames = 0x5252_0002,
        AdminKeys = 0x5252_0003,
        /// <summary>Held by every change from its history insert to its commit: history ids commit in order (WriteScope).</summary>
        History = 0x5252_0004,
    }
}
