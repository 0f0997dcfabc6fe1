using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Plans;

/// <summary>A riskanalys och riskhanteringsplan: one förvaltning's risks for one year.</summary>
public sealed class PlanView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The förvaltning the plan belongs to.</summary>
    public long UnitId { get; init; }
    /// <summary>The förvaltning's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Optional title; the generated document falls back to the unit and year.</summary>
    public string? Title { get; init; }
    /// <summary><c>draft</c> until adopted (fastställd), then <c>adopted</c>, <c>closed</c> after uppföljning 2.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The nämnd's adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>When the plan was closed (UTC).</summary>
    [Timestamp] public string? ClosedAt { get; init; }
    /// <summary>Last year's plan this one was copied from.</summary>
    public long? CopiedFromPlanId { get; init; }
    /// <summary>The scale the plan was created under; it keeps it even when the configuration changes.</summary>
    public Scale Scale { get; init; } = Scale.Default;
    /// <summary>
    /// The handling methods whose risks need an activity with a measure and a due date: the rule the plan was adopted
    /// under (kept when the configuration changes), or for a draft the configured one it will be adopted under.
    /// </summary>
    public List<HandlingMethod> ActivitiesRequiredFor { get; set; } = [];
    /// <summary>When the plan was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>When the plan or one of its risks last changed (UTC).</summary>
    [Timestamp] public string UpdatedAt { get; init; } = "";
    /// <summary>The plan's risks, highest riskvärde first.</summary>
    public IReadOnlyList<RiskView> Risks { get; set; } = [];
    /// <summary>The plan's kontrollmoment, in the order they were added, with their results.</summary>
    public IReadOnlyList<ControlView> Controls { get; set; } = [];
    /// <summary>For a draft: the adoption rules it breaks now, as warnings. Empty when it can be adopted.</summary>
    public List<AdoptionIssue> AdoptionIssues { get; set; } = [];

    internal long Version { get; init; }

    /// <summary>The risks as read (the domain records <see cref="Risks"/> shows), for the rules and the reports.</summary>
    internal IReadOnlyList<Risk> HeldRisks { get; private set; } = [];

    /// <summary>The controls as read (and, for a redacting reader, those of marked risks redacted), for the rules and the reports.</summary>
    internal IReadOnlyList<Control> HeldControls { get; private set; } = [];

    internal const string Columns = """
        p.id AS Id, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year, p.title AS Title, p.status AS Status,
        p.decision_date AS DecisionDate, p.decision_paragraph AS DecisionParagraph, p.decision_case_number AS DecisionCaseNumber,
        p.closed_at AS ClosedAt, p.copied_from_plan_id AS CopiedFromPlanId, p.scale AS Scale, p.version AS Version,
        p.activities_required_for AS ActivitiesRequiredFor,
        p.created_at AS CreatedAt, p.updated_at AS UpdatedAt
        """;

    /// <summary>
    /// Reads a plan with its risks; null when it does not exist. <paramref name="configured"/> is the rule drafts follow;
    /// <paramref name="disclosure"/> how much of a marked risk the reader gets (everything built from the plan, its views,
    /// rules' findings and documents, then holds no more than that).
    /// </summary>
    public static async Task<PlanView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long planId, AdoptionPolicy configured, Disclosure disclosure, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM plans p JOIN units u ON u.id = p.unit_id WHERE p.id = @planId",
            new { planId }, transaction, cancellationToken: ct));
        if (row is null) return null;
        var plan = row.ToView();
        var policy = AdoptionPolicy.Of(row.ActivitiesRequiredFor, configured);
        plan.ActivitiesRequiredFor = policy.ActivitiesRequiredFor.Order().ToList();
        var held = await RiskReader.LoadForPlanAsync(connection, transaction, planId, Disclosure.Full, ct);
        plan.HeldRisks = held.As(disclosure);
        plan.Risks = plan.HeldRisks.Select(r => RiskView.Of(r, plan.Scale)).ToList();
        plan.HeldControls = (await ControlReader.LoadForPlanAsync(connection, transaction, planId, ct)).As(held, disclosure);
        plan.Controls = plan.HeldControls.Select(ControlView.Of).ToList();
        // The adoption rules judge the risks as held (an emptied text is not a missing one); their reasons quote risks,
        // so a redacting reader gets none (they are the writers' worklist).
        if (plan.Status == PlanStatus.Draft && disclosure == Disclosure.Full)
            plan.AdoptionIssues = AdoptionRules.Check(plan.Scale, policy, held)
                .Select(b => new AdoptionIssue { Field = b.Field, Reason = b.Reason }).ToList();
        return plan;
    }

    /// <summary>The rule this plan is held to (see <see cref="ActivitiesRequiredFor"/>).</summary>
    internal AdoptionPolicy Policy => new(ActivitiesRequiredFor.ToHashSet());

    internal sealed class Row
    {
        public long Id { get; init; }
        public long UnitId { get; init; }
        public string UnitName { get; init; } = "";
        public long Year { get; init; }
        public string? Title { get; init; }
        public PlanStatus Status { get; init; }
        public DateOnly? DecisionDate { get; init; }
        public string? DecisionParagraph { get; init; }
        public string? DecisionCaseNumber { get; init; }
        public string? ClosedAt { get; init; }
        public long? CopiedFromPlanId { get; init; }
        public string Scale { get; init; } = "";
        public string? ActivitiesRequiredFor { get; init; }
        public long Version { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";

        public PlanView ToView() => new()
        {
            Id = Id, UnitId = UnitId, UnitName = UnitName, Year = (int)Year, Title = Title, Status = Status,
            Decision = DecisionDate is { } date
                ? new Decision { Date = date, Paragraph = DecisionParagraph ?? "", CaseNumber = DecisionCaseNumber ?? "" }
                : null,
            ClosedAt = ClosedAt, CopiedFromPlanId = CopiedFromPlanId, Scale = PlanHeader.ReadScale(Scale),
            Version = Version, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }
}

/// <summary>The nämnd's decision to adopt (fastställa) the plan.</summary>
public sealed class Decision
{
    /// <summary>Date of the nämnd's meeting.</summary>
    public DateOnly Date { get; init; }
    /// <summary>Paragraph in the minutes, e.g. "§ 12".</summary>
    public string Paragraph { get; init; } = "";
    /// <summary>Case number (diarienummer), e.g. "2023-POL000381".</summary>
    public string CaseNumber { get; init; } = "";
}

/// <summary>An adoption rule a draft breaks: the field concerned and why.</summary>
public sealed class AdoptionIssue
{
    /// <summary>The field concerned, e.g. <c>risks[2].motivation</c>.</summary>
    public string Field { get; init; } = "";
    /// <summary>What is missing.</summary>
    public string Reason { get; init; } = "";
}
