namespace RiskRegister.Api.Features.Reports;

/// <summary>What the reports read beside the plan itself.</summary>
public static class ReportData
{
    /// <summary>The nämnd above a förvaltning, for the document's heading; null for a unit without parent.</summary>
    public static Task<string?> BoardNameAsync(IDbConnection connection, long unitId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT b.name FROM units u JOIN units b ON b.id = u.parent_id WHERE u.id = @unitId",
            new { unitId }, cancellationToken: ct));
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
