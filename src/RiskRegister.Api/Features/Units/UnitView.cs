namespace RiskRegister.Api.Features.Units;

/// <summary>A unit of the region's organisation: a nämnd (<c>board</c>), förvaltning (<c>administration</c>) or department.</summary>
public sealed class UnitView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The unit's name, e.g. "Digitalisering IT och MT".</summary>
    public string Name { get; init; } = "";
    /// <summary><c>board</c> for a nämnd, <c>administration</c> for a förvaltning, <c>department</c> for a verksamhetsområde, område or enhet.</summary>
    public UnitKind Kind { get; init; }
    /// <summary>The unit above: a förvaltning's nämnd, a department's förvaltning or department.</summary>
    public long? ParentId { get; init; }
    /// <summary>The unit's id in another register, e.g. its HSA id; unique when given.</summary>
    public string? ExternalId { get; init; }
    /// <summary>When the unit was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";

    internal long Version { get; init; }

    internal const string Columns = "id AS Id, name AS Name, kind AS Kind, parent_id AS ParentId, external_id AS ExternalId, created_at AS CreatedAt, version AS Version";

    /// <summary>Every unit as the tree's rules see it.</summary>
    internal static async Task<UnitTree> LoadTreeAsync(IDbConnection connection, IDbTransaction? transaction, CancellationToken ct) =>
        new((await connection.QueryAsync<(long Id, string Kind, long? ParentId)>(new CommandDefinition(
            "SELECT id, kind, parent_id FROM units", transaction: transaction, cancellationToken: ct)))
            .Select(u => new UnitNode(u.Id, EnumText.FromApi<UnitKind>(u.Kind), u.ParentId)));

    /// <summary>
    /// <c>IN</c> this subquery: the unit <paramref name="parameter"/> and every unit below it (a recursive query both
    /// databases read the same way; each level found through ix_units_parent).
    /// </summary>
    internal static string SubtreeOf(string parameter) =>
        $"(WITH RECURSIVE unit_subtree(id) AS (SELECT {parameter} UNION SELECT c.id FROM units c JOIN unit_subtree s ON c.parent_id = s.id) SELECT id FROM unit_subtree)";

    /// <summary>
    /// <paramref name="column"/> is the unit <paramref name="parameter"/> or a unit below it. On PostgreSQL the subtree is
    /// an array computed once and the column compared with it: as <c>IN (subtree)</c> the planner, which cannot tell how
    /// many units a recursive query finds, hash-joined the subtree with every unit and read the whole units table on every
    /// request (the follow-up status of one unit, StatusQueryPlanTests).
    /// </summary>
    internal static string InSubtree(string column, string parameter, bool postgres) => postgres
        ? $"{column} = ANY (ARRAY{SubtreeOf(parameter)})"
        : $"{column} IN {SubtreeOf(parameter)}";
}
