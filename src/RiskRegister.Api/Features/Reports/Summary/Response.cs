using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>The riskanalys och riskhanteringsplan of one plan, with the figures a nämnd and its auditors read.</summary>
public sealed class Response
{
    /// <summary>The plan: unit, year, status and adoption decision.</summary>
    public SummaryPlan Plan { get; init; } = new();
    /// <summary>Every risk, highest riskvärde first, with activities and both follow-ups.</summary>
    public IReadOnlyList<RiskView> Risks { get; init; } = [];
    /// <summary>The kontrollplan: every control, in the order added, with its results (a control of a marked risk redacted with it).</summary>
    public IReadOnlyList<ControlView> Controls { get; init; } = [];
    /// <summary>Risks per level of the adopted riskvärde.</summary>
    public LevelCounts CountsByLevel { get; init; } = new(0, 0, 0);
    /// <summary>Risks per hanteringsmetod.</summary>
    public MethodCounts CountsByMethod { get; init; } = new(0, 0, 0, 0);
    /// <summary>Every cell of the matrix (probability, then consequence ascending) with its level and the number of risks adopted in it.</summary>
    public IReadOnlyList<MatrixCell> Matrix { get; init; } = [];
    /// <summary>The lower risks: those without a handling method, listed as the auditors require.</summary>
    public List<LowerRisk> LowerRisks { get; init; } = [];
    /// <summary>Progress of uppföljning 1 and 2.</summary>
    public FollowUpProgress FollowUps { get; init; } = new();
    /// <summary>Every risk whose riskvärde moved between adoption, uppföljning 1 and uppföljning 2.</summary>
    public List<ValueChange> Changes { get; init; } = [];
    /// <summary>
    /// Risker per mål: each goal the plan's unit sees (its own and those above it, top down) that a risk or control links
    /// to, with those risks and controls. A marked risk's links are withheld from a redacting reader, as its goal is.
    /// </summary>
    public List<GoalGroup> ByGoal { get; init; } = [];
    /// <summary>When this summary was generated (UTC).</summary>
    [Timestamp] public string GeneratedAt { get; init; } = "";

    /// <summary>The matrix of each risk's latest value, for the printed document (not part of the JSON).</summary>
    internal IReadOnlyList<MatrixCell> LatestMatrix { get; init; } = [];

    /// <summary>The day the rounds were judged on (the service's local date), for the printed sentences about them.</summary>
    internal DateOnly AsOf { get; init; }

    /// <summary>Whether the plan was read in full or with its marked risks redacted: the printed document says which.</summary>
    internal Disclosure Disclosure { get; init; }

    /// <summary>
    /// The criteria the plan does not meet (PlanCriteria, the ones adoption and the assessment apply), for the printed
    /// draft to list; empty for a redacting reader, whose emptied texts are not missing ones.
    /// </summary>
    internal IReadOnlyList<CriterionBreach> Unmet { get; init; } = [];
}

/// <summary>The plan a summary describes.</summary>
public sealed class SummaryPlan
{
    /// <summary>The plan's id.</summary>
    public long Id { get; init; }
    /// <summary>The unit the plan belongs to (a förvaltning, a nämnd or a department).</summary>
    public long UnitId { get; init; }
    /// <summary>The unit's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The nämnd the unit belongs to (the nearest above it), when known; null for a nämnd's own plan.</summary>
    public string? BoardName { get; init; }
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>The plan's title, if it has one.</summary>
    public string? Title { get; init; }
    /// <summary>What the document is called, e.g. "Riskanalys och riskhanteringsplan", "Internkontrollplan".</summary>
    public string DocumentTitle { get; init; } = Plans.PlanSettings.DefaultDocumentTitle;
    /// <summary>Inledning: the plan's introduction and purpose.</summary>
    public string? Introduction { get; init; }
    /// <summary>How the risk analysis was made.</summary>
    public string? Process { get; init; }
    /// <summary>Beslut om uppföljning: when and to whom each follow-up round is reported.</summary>
    public string? FollowUpDecision { get; init; }
    /// <summary>Draft, adopted, revising or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>The plan's scale (labels and bands).</summary>
    public Scale Scale { get; init; } = Scale.Default;
    /// <summary>The handling methods that need an activity with a measure and a due date under the plan's adoption rule.</summary>
    public List<HandlingMethod> ActivitiesRequiredFor { get; init; } = [];
    /// <summary>
    /// The plan's revisions, adopted or open (a discarded one changed nothing), first to latest: the printed document says
    /// <em>Reviderad</em> with each adopted revision's decision, calls an open one a proposal, and marks the risks each added or changed.
    /// </summary>
    public List<SummaryRevision> Revisions { get; init; } = [];
    /// <summary>
    /// Uppföljning 1 as the follow-up status gives it: risks done of total, the due date, when it was complete, the
    /// nämnd's handling, <c>late</c> (stays true) and <c>overdue</c>. The printed plan says the same in words.
    /// </summary>
    public FollowUpStatus.RoundStatus? Round1 { get; init; }
    /// <summary>Uppföljning 2, as <c>round1</c>.</summary>
    public FollowUpStatus.RoundStatus? Round2 { get; init; }

    /// <summary>The methods whose missing activity is a warning and a finding (not part of the JSON).</summary>
    internal AdoptionPolicy Policy { get; init; } = AdoptionPolicy.Default;
}

/// <summary>A risk without a handling method.</summary>
public sealed class LowerRisk
{
    /// <summary>The risk's id.</summary>
    public long Id { get; init; }
    /// <summary>The risk's title.</summary>
    public string Title { get; init; } = "";
    /// <summary>Sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Adopted riskvärde.</summary>
    public int Score { get; init; }
    /// <summary>Level of the adopted riskvärde.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Why no method is needed, if given.</summary>
    public string? Motivation { get; init; }
}

/// <summary>How far the follow-ups have come.</summary>
public sealed class FollowUpProgress
{
    /// <summary>Uppföljning 1: risks followed up, of the adopted risks (one an open revision proposes counts once adopted).</summary>
    public RoundProgress Round1 { get; init; } = new(0, 0);
    /// <summary>Uppföljning 2: risks followed up, of the adopted risks.</summary>
    public RoundProgress Round2 { get; init; } = new(0, 0);
    /// <summary>Uppföljning 1: kontrollmoment with a result, of all controls.</summary>
    public RoundProgress ControlsRound1 { get; init; } = new(0, 0);
    /// <summary>Uppföljning 2: kontrollmoment with a result, of all controls.</summary>
    public RoundProgress ControlsRound2 { get; init; } = new(0, 0);
}

/// <summary>A risk whose riskvärde moved.</summary>
public sealed class ValueChange
{
    /// <summary>The risk's id.</summary>
    public long RiskId { get; init; }
    /// <summary>The risk's title.</summary>
    public string Title { get; init; } = "";
    /// <summary>The adopted value.</summary>
    public ValueView From { get; init; } = new();
    /// <summary>The latest value: uppföljning 2's, else uppföljning 1's.</summary>
    public ValueView To { get; init; } = new();
    /// <summary><c>from</c> against <c>to</c>.</summary>
    public Trend Trend { get; init; }
    /// <summary>Each move: <c>round1</c> (adopted → uppföljning 1) and/or <c>round2</c> (uppföljning 1 → 2).</summary>
    public List<ValueStep> Steps { get; init; } = [];
}

/// <summary>One move of a riskvärde.</summary>
public sealed class ValueStep
{
    /// <summary><c>round1</c> or <c>round2</c>: the follow-up at which the value moved.</summary>
    public string Stage { get; init; } = "";
    /// <summary>The value before.</summary>
    public ValueView From { get; init; } = new();
    /// <summary>The value after.</summary>
    public ValueView To { get; init; } = new();
    /// <summary>Direction of the move.</summary>
    public Trend Trend { get; init; }
}

/// <summary>A revision of the plan as the document prints it: its decision (none while open) and the risks it added or changed.</summary>
public sealed class SummaryRevision
{
    /// <summary>The revision's number in its plan, from 1.</summary>
    public long Number { get; init; }
    /// <summary>Why the plan was revised.</summary>
    public string Reason { get; init; } = "";
    /// <summary><c>adopted</c>, or <c>open</c>: a proposal the nämnd has not yet adopted.</summary>
    public Revisions.RevisionState State { get; init; }
    /// <summary>When the revision was opened (UTC).</summary>
    [Timestamp] public string OpenedAt { get; init; } = "";
    /// <summary>The nämnd's decision adopting it; null while open.</summary>
    public Decision? Decision { get; init; }
    /// <summary>The risks the revision added or changed, with the value before and the value it adopted (or, open, proposes).</summary>
    public List<SummaryRevisionChange> Changes { get; init; } = [];
}

/// <summary>A risk a revision added or changed.</summary>
public sealed class SummaryRevisionChange
{
    /// <summary>The risk's id.</summary>
    public long RiskId { get; init; }
    /// <summary><c>added</c> or <c>changed</c>.</summary>
    public Revisions.RevisionChangeKind Change { get; init; }
    /// <summary>The value adopted before the revision; null for a risk the revision added.</summary>
    public ValueView? From { get; init; }
    /// <summary>The value the revision adopted; for an open revision, the value it proposes.</summary>
    public ValueView To { get; init; } = new();
}

/// <summary>The risks and controls of a plan that link to one goal.</summary>
public sealed class GoalGroup
{
    /// <summary>The goal's id.</summary>
    public long GoalId { get; init; }
    /// <summary>The goal's unit (the plan's own, or one above it).</summary>
    public long UnitId { get; init; }
    /// <summary>The goal above, if any.</summary>
    public long? ParentId { get; init; }
    /// <summary>The goal.</summary>
    public string Title { get; init; } = "";
    /// <summary>The goal's code where the region keeps its goals (Stratsys), if any.</summary>
    public string? ExternalRef { get; init; }
    /// <summary>The plan's risks linked to the goal, highest riskvärde first.</summary>
    public List<long> RiskIds { get; init; } = [];
    /// <summary>The plan's controls linked to the goal, in the order they were added.</summary>
    public List<long> ControlIds { get; init; } = [];

    /// <summary>
    /// The groups of a plan: every goal in <paramref name="goals"/> (in their reading order) that one of the risks or
    /// controls links to.
    /// </summary>
    public static List<GoalGroup> Of(IEnumerable<UnitGoal> goals, IReadOnlyList<RiskView> risks, IReadOnlyList<Controls.ControlView> controls) =>
        goals.Select(g => new GoalGroup
        {
            GoalId = g.Id, UnitId = g.UnitId, ParentId = g.ParentId, Title = g.Title, ExternalRef = g.ExternalRef,
            RiskIds = risks.Where(r => r.GoalIds.Contains(g.Id)).Select(r => r.Id).ToList(),
            ControlIds = controls.Where(c => c.GoalIds.Contains(g.Id)).Select(c => c.Id).ToList(),
        }).Where(g => g.RiskIds.Count > 0 || g.ControlIds.Count > 0).ToList();
}
