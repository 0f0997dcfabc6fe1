namespace RiskRegister.Api.Features.Risks;

/// <summary>Uppföljning 1 of one risk.</summary>
public sealed class FollowUp1View
{
    /// <summary>Status för genomförd hantering.</summary>
    public HandlingStatus HandlingStatus { get; init; }
    /// <summary>Status för iakttagelser.</summary>
    public string Observations { get; init; } = "";
    /// <summary>Händelser som påverkat risken.</summary>
    public string Events { get; init; } = "";
    /// <summary>Re-assessed sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Re-assessed konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Re-assessed riskvärde.</summary>
    public int Score { get; init; }
    /// <summary>Level of the re-assessed riskvärde.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Against the adopted riskvärde.</summary>
    public Trend Trend { get; init; }
    /// <summary>When it was recorded (UTC).</summary>
    [Timestamp] public string RecordedAt { get; init; } = "";

    /// <summary>Round 1 as shown: its value on the plan's scale, and its trend against the plan's value.</summary>
    public static FollowUp1View Of(FollowUp1 round1, Scale scale, RiskValue adopted) => new()
    {
        HandlingStatus = round1.HandlingStatus, Observations = round1.Observations, Events = round1.Events,
        Probability = round1.Value.Probability, Consequence = round1.Value.Consequence, Score = round1.Value.Score,
        Level = scale.Level(round1.Value.Score), Trend = Trends.Between(adopted.Score, round1.Value.Score), RecordedAt = round1.RecordedAt,
    };
}
