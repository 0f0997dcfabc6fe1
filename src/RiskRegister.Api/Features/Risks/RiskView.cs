namespace RiskRegister.Api.Features.Risks;

/// <summary>A risk as the API shows it: its assessment, handling, activities and both follow-ups.</summary>
public sealed class RiskView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The plan the risk belongs to.</summary>
    public long PlanId { get; init; }
    /// <summary>Short name of the risk.</summary>
    public string Title { get; init; } = "";
    /// <summary>The risk, described from the nämnd's mission (uppdrag).</summary>
    public string Description { get; init; } = "";
    /// <summary>Sannolikhet, a step on the plan's scale.</summary>
    public int Probability { get; init; }
    /// <summary>Konsekvens, a step on the plan's scale.</summary>
    public int Consequence { get; init; }
    /// <summary>
    /// Konsekvens per area (the plan's <c>scale.consequenceAreas</c>), when the risk is assessed so: <c>consequence</c> is
    /// then their maximum. Null when the risk has one consequence only.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Consequences { get; init; }
    /// <summary>Riskvärde: probability × consequence.</summary>
    public int Score { get; init; }
    /// <summary>Level of the score in the plan's scale.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Hanteringsmetod.</summary>
    public HandlingMethod HandlingMethod { get; init; }
    /// <summary>Why this method (or, for a red risk without one, why it is accepted).</summary>
    public string? Motivation { get; init; }
    /// <summary>Riskområde.</summary>
    public string? Category { get; init; }
    /// <summary>Riskägare.</summary>
    public string? Owner { get; init; }
    /// <summary>The region goal the risk threatens, as free text (kept as written; <c>goalIds</c> links to goals as data).</summary>
    public string? Goal { get; init; }
    /// <summary>The goals (of the plan's unit or a unit above it) the risk threatens, in id order.</summary>
    public IReadOnlyList<long> GoalIds { get; init; } = [];
    /// <summary>The risk in last year's plan this one was copied from.</summary>
    public long? CopiedFromRiskId { get; init; }
    /// <summary>The revision of the plan that added this risk; null when it was in the plan as first adopted (or the plan is a draft).</summary>
    public long? AddedInRevision { get; init; }
    /// <summary>Riskvärde at the risk's latest adoption (the plan's, or a revision's); null before it is adopted.</summary>
    public int? AdoptedScore { get; init; }
    /// <summary>Aktiviteter under the handling method.</summary>
    public required IReadOnlyList<ActivityView> Activities { get; init; }
    /// <summary>Uppföljning 1, once recorded.</summary>
    public FollowUp1View? FollowUp1 { get; init; }
    /// <summary>Uppföljning 2, once recorded.</summary>
    public FollowUp2View? FollowUp2 { get; init; }
    /// <summary>
    /// The secrecy marking: the risk may hold information that is secret under offentlighets- och sekretesslagen. Null when
    /// unmarked. A system client gets a marked risk redacted: title "Sekretessmarkerad risk", no other text, the ground kept.
    /// </summary>
    public SecrecyView? Secrecy { get; init; }
    /// <summary>When the risk was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>When the risk last changed (UTC).</summary>
    [Timestamp] public string UpdatedAt { get; init; } = "";

    internal long Version { get; init; }

    /// <summary>The risk as the API shows it: its values on the plan's scale, and each follow-up's trend.</summary>
    public static RiskView Of(Risk risk, Scale scale) => new()
    {
        Id = risk.Id, PlanId = risk.PlanId, Title = risk.Title, Description = risk.Description,
        Probability = risk.Value.Probability, Consequence = risk.Value.Consequence, Consequences = risk.Consequences, Score = risk.Value.Score, Level = scale.Level(risk.Value.Score),
        HandlingMethod = risk.HandlingMethod, Motivation = risk.Motivation, Category = risk.Category, Owner = risk.Owner, Goal = risk.Goal, GoalIds = risk.GoalIds ?? [],
        CopiedFromRiskId = risk.CopiedFromRiskId, AddedInRevision = risk.AddedInRevision, AdoptedScore = Trends.Adopted(risk.Adopted)?.Score,
        Activities = risk.Activities.Select(ActivityView.Of).ToList(),
        // Each round's trend is against the value adopted latest before it (a revision may re-assess between rounds).
        FollowUp1 = risk.Round1 is { } round1 ? FollowUp1View.Of(round1, scale, Trends.Round1Baseline(risk.Adopted, round1.RecordedAt, risk.Value)) : null,
        FollowUp2 = risk.Round2 is { } round2 ? FollowUp2View.Of(round2, scale, Trends.Round2Baseline(risk.Adopted, risk.Round1, round2.RecordedAt, risk.Value)) : null,
        Secrecy = risk.Secrecy is { } mark ? SecrecyView.Of(mark) : null,
        Version = risk.Version, CreatedAt = risk.CreatedAt, UpdatedAt = risk.UpdatedAt,
    };
}

/// <summary>A risk's secrecy marking.</summary>
public sealed class SecrecyView
{
    /// <summary>The legal ground, e.g. "OSL 18 kap. 8 §".</summary>
    public string Ground { get; init; } = "";
    /// <summary>A note for the menprövning; left out of a redacted risk.</summary>
    public string? Note { get; init; }
    /// <summary>When the risk was marked (UTC).</summary>
    [Timestamp] public string MarkedAt { get; init; } = "";
    /// <summary>The API client that marked it; left out of a redacted risk.</summary>
    public string? MarkedBy { get; init; }

    public static SecrecyView Of(SecrecyMark mark) => new()
    {
        Ground = mark.Ground, Note = mark.Note, MarkedAt = mark.MarkedAt, MarkedBy = string.IsNullOrEmpty(mark.MarkedBy) ? null : mark.MarkedBy,
    };
}
