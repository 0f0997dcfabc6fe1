namespace RiskRegister.Api.Domain;

/// <summary>
/// A risk as the register holds it, with everything it holds: read once (Features/Risks/RiskReader) into this record,
/// which the API's views, the adoption rules, the auditors' assessment and the report figures all take as it is.
/// <c>Value</c> is sannolikhet × konsekvens as assessed in the plan (and adopted with it); <c>Consequences</c>, when the
/// risk is assessed per consequence area, each area's konsekvens (the value's is their maximum, see ConsequenceRules).
/// </summary>
/// A member a redacting reader may see is marked <see cref="ShownWhenRedactedAttribute"/>; any other is withheld.
public sealed record Risk(
    [property: ShownWhenRedacted] long Id,
    [property: ShownWhenRedacted] long PlanId,
    string Title,
    string Description,
    [property: ShownWhenRedacted("probability", "consequence", "score", "level")] RiskValue Value,
    [property: ShownWhenRedacted] HandlingMethod HandlingMethod,
    string? Motivation,
    string? Category,
    string? Owner,
    string? Goal,
    [property: ShownWhenRedacted] long? CopiedFromRiskId,
    [property: ShownWhenRedacted] IReadOnlyList<RiskActivity> Activities,
    [property: ShownWhenRedacted("followUp1")] FollowUp1? Round1,
    [property: ShownWhenRedacted("followUp2")] FollowUp2? Round2,
    [property: ShownWhenRedacted] long Version,
    [property: ShownWhenRedacted] string CreatedAt,
    [property: ShownWhenRedacted] string UpdatedAt,
    [property: ShownWhenRedacted] SecrecyMark? Secrecy = null,
    [property: ShownWhenRedacted] long? AddedInRevision = null,
    [property: ShownWhenRedacted] IReadOnlyList<AdoptedValue>? Adoptions = null,
    // The goals it links to are withheld with its free-text goal: which goal a marked risk threatens is the risk's.
    IReadOnlyList<long>? GoalIds = null,
    [property: ShownWhenRedacted] IReadOnlyDictionary<string, int>? Consequences = null)
{
    /// <summary>Each adoption of the risk's value, first to latest (none for a draft's risk or one an open revision added).</summary>
    public IReadOnlyList<AdoptedValue> Adopted => Adoptions ?? [];

    /// <summary>The most recent assessment: uppföljning 2's slutligt riskvärde, else uppföljning 1's, else the plan's.</summary>
    public RiskValue Latest => Round2?.Value ?? Round1?.Value ?? Value;
}

/// <summary>An aktivitet under the risk's handling method, with its mätvärde (<c>Measure</c>) and tidplan (<c>Due</c>).</summary>
public sealed record RiskActivity(
    [property: ShownWhenRedacted] long Id, [property: ShownWhenRedacted] long RiskId, string Description, string Measure,
    [property: ShownWhenRedacted] DateOnly Due, string? Responsible, [property: ShownWhenRedacted] HandlingStatus Status,
    [property: ShownWhenRedacted] bool CarriedOver = false);

/// <summary>Uppföljning 1: the handling's status, the observations, the events, and the value re-assessed.</summary>
public sealed record FollowUp1(
    [property: ShownWhenRedacted] HandlingStatus HandlingStatus, string Observations, string Events,
    [property: ShownWhenRedacted("probability", "consequence", "score", "level", "trend")] RiskValue Value, [property: ShownWhenRedacted] string RecordedAt);

/// <summary>Uppföljning 2: the result, the improvement areas, and the slutligt riskvärde with its motivation.</summary>
public sealed record FollowUp2(
    string Result, string ImprovementAreas, string FinalMotivation,
    [property: ShownWhenRedacted("probability", "consequence", "finalScore", "level", "trend")] RiskValue Value, [property: ShownWhenRedacted] string RecordedAt);
