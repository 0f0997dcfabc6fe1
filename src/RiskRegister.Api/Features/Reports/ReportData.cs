namespace RiskRegister.Api.Features.Reports;

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
