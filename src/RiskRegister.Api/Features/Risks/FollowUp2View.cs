namespace RiskRegister.Api.Features.Risks;

/// <summary>Uppföljning 2 of one risk, ending in the slutligt riskvärde.</summary>
public sealed class FollowUp2View
{
    /// <summary>Resultat genomförd hantering.</summary>
    public string Result { get; init; } = "";
    /// <summary>Förbättringsområden, vidare hanterings- och åtgärdsbehov.</summary>
    public string ImprovementAreas { get; init; } = "";
    /// <summary>Motivering till slutligt riskvärde.</summary>
    public string FinalMotivation { get; init; } = "";
    /// <summary>Final sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Final konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Slutligt riskvärde.</summary>
    public int FinalScore { get; init; }
    /// <summary>Level of the final riskvärde.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Against the riskvärde of uppföljning 1 (the adopted one when round 1 is missing).</summary>
    public Trend Trend { get; init; }
    /// <summary>When it was recorded (UTC).</summary>
    [Timestamp] public string RecordedAt { get; init; } = "";

    /// <summary>Round 2 as shown: the slutligt riskvärde on the plan's scale, and its trend against the value before it.</summary>
    public static FollowUp2View Of(FollowUp2 round2, Scale scale, RiskValue previous) => new()
    {
        Result = round2.Result, ImprovementAreas = round2.ImprovementAreas, FinalMotivation = round2.FinalMotivation,
        Probability = round2.Value.Probability, Consequence = round2.Value.Consequence, FinalScore = round2.Value.Score,
        Level = scale.Level(round2.Value.Score), Trend = Trends.Between(previous.Score, round2.Value.Score), RecordedAt = round2.RecordedAt,
    };
}
