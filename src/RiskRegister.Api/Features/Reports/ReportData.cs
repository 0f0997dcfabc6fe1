namespace RiskRegister.Api.Features.Reports;

/// <summary>What the reports read beside the plan itself.</summary>
public static class ReportData
{
    /// <summary>
    /// The nämnd above a unit (the nearest, however far up: a department's förvaltning's nämnd), for the document's
    /// heading; null for a nämnd's own plan and for a unit with no nämnd above it.
    /// </summary>
    public static Task<string?> BoardNameAsync(IDbConnection connection, long unitId, CancellationToken ct) =>
        connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition("""
            WITH RECURSIVE up(id, parent_id, kind, name, depth) AS (
                SELECT id, parent_id, kind, name, 0 FROM units WHERE id = @unitId
                UNION ALL SELECT u.id, u.parent_id, u.kind, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 10)
            SELECT name FROM up WHERE kind = 'board' AND depth > 0 ORDER BY depth LIMIT 1
            """, new { unitId }, cancellationToken: ct));
}

/// <summary>A probability × consequence value with its riskvärde and level.</summary>
public sealed class ValueView
{
    /// <summary>Sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Riskvärde.</summary>
    public int Score { get; init; }
    /// <summary>Level in the plan's scale.</summary>
    public RiskLevel Level { get; init; }

    public static ValueView Of(RiskValue value, Scale scale) => new()
    {
        Probability = value.Probability, Consequence = value.Consequence, Score = value.Score, Level = scale.Level(value.Score),
    };
}
