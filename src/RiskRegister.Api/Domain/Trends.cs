namespace RiskRegister.Api.Domain;

/// <summary>
/// One adoption of a risk's value: revision 0 is the plan's first adoption, n the revision n that added or changed the
/// risk. <c>AdoptedAt</c> is a timestamp (or, for plans adopted before adoptions were kept, the decision's date), ordered
/// as text against the follow-ups' <c>RecordedAt</c>.
/// </summary>
public sealed record AdoptedValue(
    [property: ShownWhenRedacted] int Revision, [property: ShownWhenRedacted] string AdoptedAt,
    [property: ShownWhenRedacted("adoptedScore")] RiskValue Value);

public static class Trends
{
    /// <summary>The trend of a riskvärde against the one it is compared with.</summary>
    public static Trend Between(int previousScore, int currentScore) =>
        currentScore > previousScore ? Trend.Increased
        : currentScore < previousScore ? Trend.Decreased
        : Trend.Unchanged;

    /// <summary>The value at its latest adoption (<c>adoptedScore</c>); null when it has none (a draft's risk, or one an open revision added).</summary>
    public static RiskValue? Adopted(IReadOnlyList<AdoptedValue> adoptions) =>
        adoptions.Count == 0 ? null : adoptions.MaxBy(a => a.Revision)!.Value;

    /// <summary>
    /// The value adopted latest at <paramref name="at"/>; when every adoption is later (a round recorded, then the risk
    /// revised), the first; with none kept (plans written before adoptions were), <paramref name="unknown"/>.
    /// </summary>
    public static RiskValue AdoptedBefore(IReadOnlyList<AdoptedValue> adoptions, string at, RiskValue unknown)
    {
        if (adoptions.Count == 0) return unknown;
        return LatestBefore(adoptions, at)?.Value ?? FirstAdopted(adoptions, unknown);
    }

    /// <summary>The value as first adopted (with the plan, or with the revision that added the risk); <paramref name="unknown"/> with none kept.</summary>
    public static RiskValue FirstAdopted(IReadOnlyList<AdoptedValue> adoptions, RiskValue unknown) =>
        adoptions.Count == 0 ? unknown : adoptions.MinBy(a => a.Revision)!.Value;

    /// <summary>What uppföljning 1 compares with: the value adopted latest before it was recorded.</summary>
    public static RiskValue Round1Baseline(IReadOnlyList<AdoptedValue> adoptions, string round1At, RiskValue unknown) =>
        AdoptedBefore(adoptions, round1At, unknown);

    /// <summary>
    /// What uppföljning 2 compares with: uppföljning 1's value, unless a revision adopted the risk's value after round 1
    /// (and before round 2), or the risk has no round 1 — then the value adopted latest before round 2.
    /// </summary>
    public static RiskValue Round2Baseline(IReadOnlyList<AdoptedValue> adoptions, FollowUp1? round1, string round2At, RiskValue unknown)
    {
        var adopted = LatestBefore(adoptions, round2At);
        if (round1 is null) return AdoptedBefore(adoptions, round2At, unknown);
        return adopted is not null && adopted.Revision > 0 && string.CompareOrdinal(adopted.AdoptedAt, round1.RecordedAt) > 0 ? adopted.Value : round1.Value;
    }

    /// <summary>The adoption latest at <paramref name="at"/>; null when every adoption is later.</summary>
    // Revisions are adopted in their order, so the latest adoption is the highest revision; times compare as text
    // (ISO 8601, ordinal).
    public static AdoptedValue? LatestBefore(IReadOnlyList<AdoptedValue> adoptions, string at) =>
        adoptions.Where(a => string.CompareOrdinal(a.AdoptedAt, at) <= 0).MaxBy(a => a.Revision);
}
