using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Reports.FollowUpStatus;
using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Plans;

/// <summary>A riskanalys och riskhanteringsplan: one unit's risks for one year (a förvaltning's, a nämnd's or a department's).</summary>
public sealed class PlanView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The unit the plan belongs to (of any kind).</summary>
    public long UnitId { get; init; }
    /// <summary>The unit's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Optional title; the generated document falls back to the unit and year.</summary>
    public string? Title { get; init; }
    /// <summary>What the printed document is called, e.g. "Riskanalys och riskhanteringsplan", "Internkontrollplan", "Tillsynsplan".</summary>
    public string DocumentTitle { get; init; } = PlanSettings.DefaultDocumentTitle;
    /// <summary>Inledning: the plan's introduction and purpose.</summary>
    public string? Introduction { get; init; }
    /// <summary>How the risk analysis was made (who took part, what it started from).</summary>
    public string? Process { get; init; }
    /// <summary>Beslut om uppföljning: when and to whom each follow-up round is reported.</summary>
    public string? FollowUpDecision { get; init; }
    /// <summary><c>draft</c> until adopted (fastställd), then <c>adopted</c>, <c>closed</c> after uppföljning 2.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The nämnd's adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>When the plan was closed (UTC).</summary>
    [Timestamp] public string? ClosedAt { get; init; }
    /// <summary>The nämnd's decision closing the plan, when one was given at closure.</summary>
    public Decision? ClosureDecision { get; init; }
    /// <summary>Uppföljning 1 of the plan: done of total, due, when complete, the nämnd's handling, lateness.</summary>
    public RoundStatus? Round1 { get; set; }
    /// <summary>Uppföljning 2 of the plan, as <c>round1</c>.</summary>
    public RoundStatus? Round2 { get; set; }
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
    /// <summary>For a draft or a plan under revision: the adoption rules it breaks now, as warnings. Empty when it can be adopted.</summary>
    public List<AdoptionIssue> AdoptionIssues { get; set; } = [];
    /// <summary>
    /// The criteria the plan does not meet that do not block adoption (e.g. bevakning without an activity with measure and
    /// timeline): adoption goes ahead and answers them, and the auditors' assessment names the same. Empty for a reader
    /// who gets marked risks redacted.
    /// </summary>
    public List<AdoptionIssue> Warnings { get; set; } = [];

    internal long Version { get; init; }

    /// <summary>The risks as read (the domain records <see cref="Risks"/> shows), for the rules and the reports.</summary>
    internal IReadOnlyList<Risk> HeldRisks { get; private set; } = [];

    /// <summary>The controls as read (and, for a redacting reader, those of marked risks redacted), for the rules and the reports.</summary>
    internal IReadOnlyList<Control> HeldControls { get; private set; } = [];

    /// <summary>The rounds as judged (<see cref="JudgeRounds"/>), for the assessment: when each was first complete and reported.</summary>
    internal RoundState? Round1State { get; private set; }
    internal RoundState? Round2State { get; private set; }

    /// <summary>
    /// The criteria the risks as read do not meet (<see cref="PlanCriteria.Check"/>), judged once for the plan's warnings
    /// and kept for the reports that list them; null for a redacting reader, or once other risks are shown (<see cref="Show"/>).
    /// </summary>
    internal IReadOnlyList<CriterionBreach>? Unmet { get; private set; }

    internal const string Columns = """
        p.id AS Id, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year, p.title AS Title, p.status AS Status,
        p.decision_date AS DecisionDate, p.decision_paragraph AS DecisionParagraph, p.decision_case_number AS DecisionCaseNumber,
        p.closed_at AS ClosedAt, p.copied_from_plan_id AS CopiedFromPlanId, p.scale AS Scale, p.version AS Version,
        p.activities_required_for AS ActivitiesRequiredFor,
        p.document_title AS DocumentTitle, p.introduction AS Introduction, p.process AS Process, p.follow_up_decision AS FollowUpDecision,
        p.created_at AS CreatedAt, p.updated_at AS UpdatedAt,
        p.closure_date AS ClosureDate, p.closure_paragraph AS ClosureParagraph, p.closure_case_number AS ClosureCaseNumber
        """;

    /// <summary>
    /// Reads a plan with its risks; null when it does not exist. <paramref name="configured"/> is the rule drafts follow;
    /// <paramref name="disclosure"/> how much of a marked risk the reader gets (everything built from the plan, its views,
    /// rules' findings and documents, then holds no more than that).
    /// </summary>
    public static Task<PlanView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long planId, AdoptionPolicy configured, Disclosure disclosure, CancellationToken ct) =>
        LoadAsync(connection, transaction, planId, configured, disclosure, null, ct);

    /// <summary>
    /// Statements a caller reads in the same batch as the plan (one round trip on PostgreSQL): <paramref name="Sql"/> is
    /// <see cref="LoadSql"/> followed by the caller's statements (parameter <c>@id</c> only), built once, not per request;
    /// <paramref name="ReadAsync"/> reads their results, the reader at the first of them.
    /// </summary>
    public sealed record Alongside(string Sql, Func<System.Data.Common.DbDataReader, CancellationToken, Task> ReadAsync);

    /// <summary>As the other overload; with <paramref name="rounds"/>, each follow-up round's status is judged on its day.</summary>
    public static async Task<PlanView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long planId, AdoptionPolicy configured, Disclosure disclosure, RoundDays? rounds, CancellationToken ct, Alongside? alongside = null)
    {
        if (alongside is not null && rounds is not null) throw new ArgumentException("Statements alongside the plan go without its rounds.", nameof(alongside));
        // The plan, its risks, its controls (and its kept rounds) in one batch: none depends on another's answer, and on
        // PostgreSQL each command is a round trip of its own. Read by hand, by ordinal (Rows).
        List<Risk> held;
        List<Control> controls;
        List<RoundRecords.Row>? kept = null;
        PlanView plan;
        string? activitiesRequiredFor;
        var sql = alongside?.Sql ?? (rounds is null ? LoadSql : LoadWithRoundsSql);
        // On SQLite the batch's kept statements are read through SQLitePCL (KeptReader).
        var read = await Rows.ReadByIdAsync(connection, transaction, sql, planId, ct);
        var reader = read.Reader;
        try
        {
            if (!await reader.ReadAsync(ct)) return null;
            (plan, activitiesRequiredFor) = Read(reader);
            await reader.NextResultAsync(ct);
            held = await RiskReader.ReadManyAsync(reader, ct);
            await reader.NextResultAsync(ct);
            controls = await ControlReader.ReadManyAsync(reader, ct);
            if (rounds is not null)
            {
                await reader.NextResultAsync(ct);
                kept = await RoundRecords.Row.ReadAllAsync(reader, ct);
            }
            if (alongside is not null)
            {
                await reader.NextResultAsync(ct);
                await alongside.ReadAsync(reader, ct);
            }
        }
        finally
        {
            await read.DisposeAsync();
        }
        var policy = AdoptionPolicy.Of(activitiesRequiredFor, configured);
        plan.ActivitiesRequiredFor = policy.ActivitiesRequiredFor.Order().ToList();
        plan.HeldRisks = held.As(disclosure);
        plan.Risks = plan.HeldRisks.Select(r => RiskView.Of(r, plan.Scale)).ToList();
        plan.HeldControls = controls.As(held, disclosure);
        plan.Controls = plan.HeldControls.Select(ControlView.Of).ToList();
        // The adoption rules judge the risks as held (an emptied text is not a missing one); their reasons quote risks,
        // so a redacting reader gets none (they are the writers' worklist).
        plan.Policy = policy;
        if (disclosure == Disclosure.Full)
        {
            var unmet = plan.Unmet = PlanCriteria.Check(plan.Scale, policy, held);
            if (plan.Status is PlanStatus.Draft or PlanStatus.Revising)
                plan.AdoptionIssues = unmet.Where(b => b.Blocks).Select(b => new AdoptionIssue { Field = b.Field, Reason = b.Reason }).ToList();
            plan.Warnings = unmet.Where(b => !b.Blocks).Select(b => new AdoptionIssue { Field = b.Field, Reason = b.Reason }).ToList();
        }
        if (rounds is not null && kept is not null) plan.JudgeRounds(kept, rounds);
        return plan;
    }

    /// <summary>
    /// Sets <see cref="Round1"/> and <see cref="Round2"/>: each round judged on its day from the risks and controls as held
    /// and what is kept of the round (<paramref name="kept"/>, the plan's rows of <see cref="RoundRecords.OfPlanSql"/>).
    /// </summary>
    internal void JudgeRounds(List<RoundRecords.Row> kept, RoundDays rounds)
    {
        // A round counts the adopted risks (one an open revision added waits for its adoption), as the follow-up status does.
        var counted = HeldRisks.Where(r => r.AddedInRevision is null || r.Adopted.Count > 0).ToList();
        Round1State = RoundRecords.State(counted.Count(r => r.Round1 is not null), counted.Count, rounds.Settings.Round1For(Year),
            counted.Select(r => r.Round1?.RecordedAt).Where(t => t is not null).Max(StringComparer.Ordinal), kept.Find(r => r.Round == 1), rounds.AsOf);
        Round2State = RoundRecords.State(counted.Count(r => r.Round2 is not null), counted.Count, rounds.Settings.Round2For(Year),
            counted.Select(r => r.Round2?.RecordedAt).Where(t => t is not null).Max(StringComparer.Ordinal), kept.Find(r => r.Round == 2), rounds.AsOf);
        Round1 = RoundStatus.Of(Round1State, rounds.AsOf, ControlRules.Progress(HeldControls, 1));
        Round2 = RoundStatus.Of(Round2State, rounds.AsOf, ControlRules.Progress(HeldControls, 2));
    }

    /// <summary>
    /// The plan showing <paramref name="risks"/> and <paramref name="controls"/> in place of those read: a plan under
    /// revision as adopted (<see cref="Revisions.AdoptedState"/>), for the public excerpt.
    /// </summary>
    internal void Show(IReadOnlyList<Risk> risks, IReadOnlyList<Control> controls)
    {
        Unmet = null;
        HeldRisks = risks;
        Risks = risks.Select(r => RiskView.Of(r, Scale)).ToList();
        HeldControls = controls;
        Controls = controls.Select(ControlView.Of).ToList();
    }

    // The statements of LoadAsync, parameter @id: the plan's row, its risks (RiskReader's six results), its controls
    // (ControlReader's three) and, for the rounds' status, what is kept of its rounds.
    public static readonly string LoadSql =
        $"SELECT {Columns} FROM plans p JOIN units u ON u.id = p.unit_id WHERE p.id = @id;\n{RiskReader.ForPlanSql}\n{ControlReader.ForPlanSql}";
    private static readonly string LoadWithRoundsSql = LoadSql + "\n" + RoundRecords.OfPlanSql;

    /// <summary>The rule this plan is held to (see <see cref="ActivitiesRequiredFor"/>), with the configured warnings.</summary>
    internal AdoptionPolicy Policy { get; private set; } = AdoptionPolicy.Default;

    /// <summary>The plan's row of <see cref="Columns"/>, by ordinal, with its stored adoption rule (null: the configured one).</summary>
    private static (PlanView Plan, string? ActivitiesRequiredFor) Read(System.Data.Common.DbDataReader r)
    {
        static Decision? DecisionOf(System.Data.Common.DbDataReader r, int date, int paragraph, int caseNumber) => r.IsDBNull(date)
            ? null
            : new Decision { Date = DateOnlyHandler.Read(r, date), Paragraph = r.StringOrNull(paragraph) ?? "", CaseNumber = r.StringOrNull(caseNumber) ?? "" };
        var plan = new PlanView
        {
            Id = r.GetInt64(0), UnitId = r.GetInt64(1), UnitName = r.GetString(2), Year = r.Int32Of(3), Title = r.StringOrNull(4), Status = r.EnumOf<PlanStatus>(5),
            DocumentTitle = r.StringOrNull(14) ?? PlanSettings.DefaultDocumentTitle, Introduction = r.StringOrNull(15), Process = r.StringOrNull(16),
            FollowUpDecision = r.StringOrNull(17),
            Decision = DecisionOf(r, 6, 7, 8),
            ClosureDecision = DecisionOf(r, 20, 21, 22),
            ClosedAt = r.StringOrNull(9), CopiedFromPlanId = r.Int64OrNull(10), Scale = PlanHeader.ReadScale(r.GetString(11)),
            Version = r.GetInt64(12), CreatedAt = r.GetString(18), UpdatedAt = r.GetString(19),
        };
        return (plan, r.StringOrNull(13));
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
