using System.Collections.Concurrent;
using System.Text.Json;

namespace RiskRegister.Api.Features.Plans;

/// <summary>
/// What every operation on a plan (or on something inside it) checks first: that it exists, that the
/// caller may see its unit, its status, its scale and its version. One query, one place.
/// </summary>
public sealed record PlanHeader(long Id, long UnitId, int Year, PlanStatus Status, Scale Scale, long Version)
{
    public static async Task<PlanHeader?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct)
    {
        // In a write, the plan's row is locked (RowLocks): its status, and what it holds, stay as read until commit.
        var sql = RowLocks.Needed(transaction) ? SqlLocking : Sql;
        // Read by hand, not mapped by Dapper: every request on a plan starts here (Rows).
        using var command = Rows.Command(connection, transaction, sql, "planId", planId);
        using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadAsync(reader, ct);
    }

    /// <summary>The header in <paramref name="reader"/>'s current result (<see cref="Sql"/>'s columns), or null when it has no row.</summary>
    private static async Task<PlanHeader?> ReadAsync(System.Data.Common.DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct)
            ? new PlanHeader(reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2),
                EnumText.FromApi<PlanStatus>(reader.GetString(3)), ReadScale(reader.GetString(4)), reader.GetInt64(5))
            : null;

    /// <summary>The plan's header by <c>@planId</c>, its columns in the record's order (the bench's SQL ceiling runs it too).</summary>
    public const string Sql = """
        SELECT id AS Id, unit_id AS UnitId, year AS Year, status AS Status, scale AS Scale, version AS Version
        FROM plans WHERE id = @planId
        """;

    private const string SqlLocking = Sql + "\nFOR UPDATE";

    /// <summary>
    /// The plan in <paramref name="reader"/>'s current result (<see cref="Sql"/> run first in a command of several
    /// statements), or null when it does not exist or the caller may not see it: the decision of <see cref="LoadVisibleAsync"/>.
    /// </summary>
    public static async Task<PlanHeader?> ReadVisibleAsync(System.Data.Common.DbDataReader reader, Caller caller, CancellationToken ct) =>
        Visible(await ReadAsync(reader, ct), caller);

    /// <summary>The plan when the caller may see it; null otherwise, as for a plan that does not exist (both answer 404).</summary>
    private static PlanHeader? Visible(PlanHeader? plan, Caller caller) => plan is not null && caller.CanSee(plan.UnitId) ? plan : null;

    /// <summary>The plan, or null when it does not exist or the caller may not see it (both answer 404).</summary>
    public static async Task<PlanHeader?> LoadVisibleAsync(IDbConnection connection, IDbTransaction? transaction, long planId, Caller caller, CancellationToken ct) =>
        Visible(await LoadAsync(connection, transaction, planId, ct), caller);

    /// <summary>
    /// As <see cref="LoadVisibleAsync"/>, with how many risks the plan holds, counted by a second statement in the same
    /// command (one round trip): after the lock, so it counts what the write it waited for added.
    /// </summary>
    public static async Task<(PlanHeader? Plan, long Risks)> LoadVisibleCountingRisksAsync(IDbConnection connection, IDbTransaction? transaction, long planId, Caller caller, CancellationToken ct)
    {
        using var command = Rows.Command(connection, transaction, RowLocks.Needed(transaction) ? SqlLockingCountingRisks : SqlCountingRisks, "planId", planId);
        using var reader = await command.ExecuteReaderAsync(ct);
        var plan = await ReadAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var risks = reader.GetInt64(0);
        return (Visible(plan, caller), risks);
    }

    private const string CountRisksSql = "SELECT COUNT(*) FROM risks WHERE plan_id = @planId";
    private const string SqlCountingRisks = Sql + ";\n" + CountRisksSql;
    private const string SqlLockingCountingRisks = SqlLocking + ";\n" + CountRisksSql;

    /// <summary>
    /// Why a plan for this unit and year cannot be created (there is one plan per unit and year), or null when it can.
    /// Creating and copying both ask this, inside their write transaction.
    /// </summary>
    public static async Task<string?> YearTakenAsync(IDbConnection connection, IDbTransaction transaction, long unitId, int year, CancellationToken ct)
    {
        // Two creations (or copies) for one unit and year on PostgreSQL: the unit's row orders them, and the second then
        // finds the first's plan here, as on SQLite, rather than failing on the unique key.
        if (RowLocks.Needed(transaction))
            await connection.ExecuteAsync(new CommandDefinition("SELECT id FROM units WHERE id = @unitId FOR UPDATE", new { unitId }, transaction, cancellationToken: ct));
        var existing = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM plans WHERE unit_id = @unitId AND year = @year", new { unitId, year }, transaction, cancellationToken: ct));
        return existing is null ? null : $"The unit already has plan {existing} for {year}; there is one plan per unit and year.";
    }

    public static string WriteScale(Scale scale) => JsonSerializer.Serialize(scale, ApiJson.Options);

    /// <summary>
    /// Parsed once per distinct JSON: scales come from configuration and are fixed when a plan is created, so there are a
    /// handful; every request on a plan or risk then skips the parse. The cap only guards memory should that ever change.
    /// </summary>
    public static Scale ReadScale(string json)
    {
        if (ParsedScales.TryGetValue(json, out var scale)) return scale;
        scale = JsonSerializer.Deserialize<Scale>(json, ApiJson.Options)!;
        if (ParsedScales.Count < 256) ParsedScales.TryAdd(json, scale);
        return scale;
    }

    private static readonly ConcurrentDictionary<string, Scale> ParsedScales = new(StringComparer.Ordinal);
}
