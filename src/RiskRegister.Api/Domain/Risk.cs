namespace RiskRegister.Api.Domain;

/// <summary>
/// A risk as the register holds it, with everything it holds: read once (Features/Risks/RiskReader) into this record,
/// which the API's views, the adoption rules, the auditors' assessment and the report figures all take as it is.
/// <c>Value</c> is sannolikhet × konsekvens as assessed in the plan (and adopted with it).
/// </summary>
public sealed record Risk(
    long Id,
    long PlanId,
    string Title,
    string Description,
    RiskValue Value,
    HandlingMethod HandlingMethod,
    string? Motivation,
    string? Category,
    string? Owner,
    string? Goal,
    long? CopiedFromRiskId,
    IReadOnlyList<RiskActivity> Activities,
    FollowUp1? Round1,
    FollowUp2? Round2,
    long Version,
    string CreatedAt,
    string UpdatedAt,
    SecrecyMark? Secrecy = null)
{
    /// <summary>The most recent assessment: uppföljning 2's slutligt riskvärde, else uppföljning 1's, else the plan's.</summary>
    public RiskValue Latest => Round2?.Value ?? Round1?.Value ?? Value;
}

/// <summary>An aktivitet under the risk's handling method, with its mätvärde (<c>Measure</c>) and tidplan (<c>Due</c>).</summary>
public sealed record RiskActivity(long Id, long RiskId, string Description, string Measure, DateOnly Due, string? Responsible, HandlingStatus Status);

/// <summary>Uppföljning 1: the handling's status, the observations, the events, and the value re-assessed.</summary>
public sealed record FollowUp1(HandlingStatus HandlingStatus, string Observations, string Events, RiskValue Value, string RecordedAt);

/// <summary>Uppföljning 2: the result, the improvement areas, and the slutligt riskvärde with its motivation.</summary>
public sealed record FollowUp2(string Result, string ImprovementAreas, string FinalMotivation, RiskValue Value, string RecordedAt);
