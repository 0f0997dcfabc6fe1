using System.Text.Json;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Revisions;

/// <summary>
/// What an open revision has done to its plan, kept so that it can be adopted or discarded (api.md "Revising an adopted
/// plan"). The plan's risks are changed in place, as in a draft; <c>plan_revision_changes</c> lists each risk the revision
/// added or changed, and for a changed one holds, taken the first time the revision touched it, the risk and its
/// activities as adopted (a snapshot of what it touched, not of the whole plan: the follow-ups and activity statuses of
/// untouched risks go on meanwhile and must survive a discard). Discarding deletes the risks it added and writes the
/// snapshots back; adopting records the new values as adopted (<c>risk_adoptions</c>).
/// </summary>
public static class RevisionLedger
{
    /// <summary>The plan's open revision's number, or null.</summary>
    public static Task<long?> OpenNumberAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT number FROM plan_revisions WHERE plan_id = @planId AND state = 'open'", new { planId }, transaction, cancellationToken: ct));

    /// <summary>
    /// Before a change to a risk of a plan under revision (its values, method, texts or activities): notes the risk as
    /// changed by the open revision, with its state as adopted, unless the revision already added or changed it. Does
    /// nothing for a draft.
    /// </summary>
    public static async Task NoteChangedAsync(IDbConnection connection, IDbTransaction transaction, PlanHeader plan, long riskId, CancellationToken ct)
    {
        if (plan.Status != PlanStatus.Revising) return;
        var number = await OpenNumberAsync(connection, transaction, plan.Id, ct) ?? throw new InvalidOperationException($"Plan {plan.Id} is revising without an open revision.");
        var noted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM plan_revision_changes WHERE plan_id = @planId AND number = @number AND risk_id = @riskId",
            new { planId = plan.Id, number, riskId }, transaction, cancellationToken: ct));
        if (noted > 0) return;
        var risk = (await RiskReader.LoadAsync(connection, transaction, riskId, ct))!.Risk;
        var before = new Snapshot(risk.Title, risk.Description, risk.Value.Probability, risk.Value.Consequence, risk.HandlingMethod.ToApi(),
            risk.Motivation, risk.Category, risk.Owner, risk.Goal,
            risk.Activities.Select(a => new ActivitySnapshot(a.Id, a.Description, a.Measure, a.Due, a.Responsible, a.Status.ToApi())).ToList(), risk.Consequences);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO plan_revision_changes (plan_id, number, risk_id, change, before) VALUES (@planId, @number, @riskId, 'changed', @before)
            """, new { planId = plan.Id, number, riskId, before = JsonSerializer.Serialize(before, ApiJson.Options) }, transaction, cancellationToken: ct));
    }

    /// <summary>Notes a risk a revision added (its <c>added_in_revision</c> is set by the insert).</summary>
    public static Task NoteAddedAsync(IDbConnection connection, IDbTransaction transaction, long planId, long number, long riskId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO plan_revision_changes (plan_id, number, risk_id, change) VALUES (@planId, @number, @riskId, 'added')",
            new { planId, number, riskId }, transaction, cancellationToken: ct));

    /// <summary>A risk the open revision added is deleted again: it is no longer among the revision's changes.</summary>
    public static Task ForgetAsync(IDbConnection connection, IDbTransaction transaction, long planId, long riskId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM plan_revision_changes WHERE plan_id = @planId AND risk_id = @riskId AND change = 'added'",
            new { planId, riskId }, transaction, cancellationToken: ct));

    /// <summary>
    /// Why a follow-up of this risk cannot be recorded now because of an open revision, or null. A risk the revision added
    /// or changed has no adopted value to follow up against until the revision is adopted (or discarded, which restores
    /// it); the others' follow-ups go on.
    /// </summary>
    public static async Task<string?> FollowUpRefusalAsync(IDbConnection connection, IDbTransaction transaction, RiskHeader risk, CancellationToken ct)
    {
        if (risk.Plan.Status != PlanStatus.Revising) return null;
        var changes = await connection.QueryAsync<(long Number, string Change)>(new CommandDefinition("""
            SELECT c.number, c.change FROM plan_revision_changes c
            JOIN plan_revisions v ON v.plan_id = c.plan_id AND v.number = c.number
            WHERE c.plan_id = @planId AND c.risk_id = @riskId AND v.state = 'open'
            """, new { planId = risk.Plan.Id, riskId = risk.Id }, transaction, cancellationToken: ct));
        return changes.ToList() is [var c, ..]
            ? $"Risk {risk.Id} is {c.Change} in revision {c.Number} of plan {risk.Plan.Id}, not yet adopted: record its follow-ups once the revision is adopted or discarded."
            : null;
    }

    /// <summary>Records the values of the risks the revision added or changed as adopted by it, at <paramref name="now"/>.</summary>
    public static Task AdoptAsync(IDbConnection connection, IDbTransaction transaction, long planId, long number, string now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence)
            SELECT r.id, @number, @now, r.probability, r.consequence
            FROM plan_revision_changes c JOIN risks r ON r.id = c.risk_id
            WHERE c.plan_id = @planId AND c.number = @number
            """, new { planId, number, now }, transaction, cancellationToken: ct));

    /// <summary>Records the plan's risks' values as adopted with the plan (revision 0), at <paramref name="now"/>.</summary>
    public static Task AdoptPlanAsync(IDbConnection connection, IDbTransaction transaction, long planId, string now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence)
            SELECT id, 0, @now, probability, consequence FROM risks WHERE plan_id = @planId
            """, new { planId, now }, transaction, cancellationToken: ct));

    /// <summary>
    /// Undoes what the revision did: deletes the risks it added, and writes back each changed risk and its activities as
    /// adopted. An activity's status is kept where the activity survives (its progress is follow-up work, not the
    /// revision's). Answers the ids of the risks it restored (their versions move on) and deleted.
    /// </summary>
    public static async Task<(List<long> Restored, List<long> Deleted)> RestoreAsync(IDbConnection connection, IDbTransaction transaction, long planId, long number, string now, CancellationToken ct)
    {
        var changes = (await connection.QueryAsync<(long RiskId, string Change, string? Before)>(new CommandDefinition(
            "SELECT risk_id, change, before FROM plan_revision_changes WHERE plan_id = @planId AND number = @number ORDER BY risk_id",
            new { planId, number }, transaction, cancellationToken: ct))).ToList();
        var restored = new List<long>();
        var deleted = new List<long>();
        foreach (var (riskId, change, before) in changes)
        {
            if (change == "added")
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM risks WHERE id = @riskId", new { riskId }, transaction, cancellationToken: ct));
                deleted.Add(riskId);
                continue;
            }
            var s = JsonSerializer.Deserialize<Snapshot>(before!, ApiJson.Options)!;
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE risks SET title = @Title, description = @Description, probability = @Probability, consequence = @Consequence,
                    handling_method = @HandlingMethod, motivation = @Motivation, category = @Category, owner = @Owner, goal = @Goal,
                    consequences = @consequences, version = version + 1, updated_at = @now
                WHERE id = @riskId
                """, new { s.Title, s.Description, s.Probability, s.Consequence, s.HandlingMethod, s.Motivation, s.Category, s.Owner, s.Goal, now, riskId,
                    consequences = RiskReader.WriteConsequences(s.Consequences) },
                transaction, cancellationToken: ct));
            var current = (await connection.QueryAsync<(long Id, string Status)>(new CommandDefinition(
                "SELECT id, status FROM activities WHERE risk_id = @riskId", new { riskId }, transaction, cancellationToken: ct))).ToDictionary(a => a.Id, a => a.Status);
            foreach (var gone in current.Keys.Where(id => s.Activities.All(a => a.Id != id)))
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM activities WHERE id = @gone", new { gone }, transaction, cancellationToken: ct));
            foreach (var a in s.Activities)
            {
                var values = new { a.Id, riskId, a.Description, a.Measure, a.Due, a.Responsible, status = current.GetValueOrDefault(a.Id, a.Status), now };
                await connection.ExecuteAsync(new CommandDefinition(current.ContainsKey(a.Id)
                    ? "UPDATE activities SET description = @Description, measure = @Measure, due = @Due, responsible = @Responsible, updated_at = @now WHERE id = @Id"
                    : """
                      INSERT INTO activities (id, risk_id, description, measure, due, responsible, status, created_at, updated_at)
                      VALUES (@Id, @riskId, @Description, @Measure, @Due, @Responsible, @status, @now, @now)
                      """, values, transaction, cancellationToken: ct));
            }
            restored.Add(riskId);
        }
        return (restored, deleted);
    }

    /// <summary>The plan's revisions, first to latest, each with its changes.</summary>
    public static async Task<List<RevisionView>> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct)
    {
        // Both statements in one command: one round trip on PostgreSQL.
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition("""
            SELECT number AS Number, reason AS Reason, state AS State, opened_at AS OpenedAt, ended_at AS EndedAt,
                   decision_date AS DecisionDate, decision_paragraph AS DecisionParagraph, decision_case_number AS DecisionCaseNumber
            FROM plan_revisions WHERE plan_id = @planId ORDER BY number;
            SELECT number, risk_id, change FROM plan_revision_changes WHERE plan_id = @planId ORDER BY number, risk_id
            """, new { planId }, transaction, cancellationToken: ct));
        var rows = (await grid.ReadAsync<Row>()).ToList();
        var changes = (await grid.ReadAsync<(long Number, long RiskId, string Change)>()).ToLookup(c => c.Number);
        return rows.Select(r => new RevisionView
        {
            Number = r.Number, Reason = r.Reason, State = EnumText.FromApi<RevisionState>(r.State), OpenedAt = r.OpenedAt, EndedAt = r.EndedAt,
            Decision = r.DecisionDate is { } date ? new Decision { Date = date, Paragraph = r.DecisionParagraph ?? "", CaseNumber = r.DecisionCaseNumber ?? "" } : null,
            Changes = changes[r.Number].Select(c => new RevisionChange { RiskId = c.RiskId, Change = EnumText.FromApi<RevisionChangeKind>(c.Change) }).ToList(),
        }).ToList();
    }

    /// <summary>
    /// The plan's open revision (null when none) with what it has done so far: the risks it added (<c>Before</c> null) and
    /// those it changed, each with its snapshot as adopted — what the plan's adopted state is rebuilt from (<see cref="AdoptedState"/>).
    /// </summary>
    public static async Task<OpenRevision?> OpenAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct)
    {
        if ((await connection.QueryAsync<(long Number, string OpenedAt)>(new CommandDefinition(
                "SELECT number, opened_at FROM plan_revisions WHERE plan_id = @planId AND state = 'open'", new { planId }, transaction, cancellationToken: ct))).ToList()
            is not [var revision]) return null;
        var changes = await connection.QueryAsync<(long RiskId, string Change, string? Before)>(new CommandDefinition(
            "SELECT risk_id, change, before FROM plan_revision_changes WHERE plan_id = @planId AND number = @number ORDER BY risk_id",
            new { planId, number = revision.Number }, transaction, cancellationToken: ct));
        // The controls made since it opened (controls are made only in a draft or an open revision), by the history's order
        // of commits rather than by clocks.
        var controls = await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT entity_id FROM history
            WHERE plan_id = @planId AND entity = 'control' AND action = 'created'
              AND id > (SELECT MAX(id) FROM history WHERE plan_id = @planId AND entity = 'plan' AND action = 'revisionOpened')
            """, new { planId }, transaction, cancellationToken: ct));
        return new OpenRevision(revision.Number, revision.OpenedAt,
            changes.Where(c => c.Change == "added").Select(c => c.RiskId).ToHashSet(),
            changes.Where(c => c.Change == "changed" && c.Before is not null).ToDictionary(c => c.RiskId, c => JsonSerializer.Deserialize<Snapshot>(c.Before!, ApiJson.Options)!),
            controls.ToHashSet());
    }

    /// <summary>
    /// An open revision: its number, when it was opened, the risks it added, the adopted state of each risk it changed, and
    /// the controls made since it opened.
    /// </summary>
    public sealed record OpenRevision(long Number, string OpenedAt, IReadOnlySet<long> Added, IReadOnlyDictionary<long, Snapshot> Changed, IReadOnlySet<long> ControlsMade);

    /// <summary>A risk and its activities as adopted, taken the first time an open revision touched it.</summary>
    public sealed record Snapshot(string Title, string Description, int Probability, int Consequence, string HandlingMethod,
        string? Motivation, string? Category, string? Owner, string? Goal, List<ActivitySnapshot> Activities, IReadOnlyDictionary<string, int>? Consequences = null);

    /// <summary>An activity of a risk as adopted (its status goes on with the follow-ups and is not the revision's).</summary>
    public sealed record ActivitySnapshot(long Id, string Description, string Measure, DateOnly Due, string? Responsible, string Status);

    private sealed class Row
    {
        public long Number { get; init; }
        public string Reason { get; init; } = "";
        public string State { get; init; } = "";
        public string OpenedAt { get; init; } = "";
        public string? EndedAt { get; init; }
        public DateOnly? DecisionDate { get; init; }
        public string? DecisionParagraph { get; init; }
        public string? DecisionCaseNumber { get; init; }
    }
}

/// <summary>A revision is open until the nämnd adopts it, or it is discarded.</summary>
public enum RevisionState { Open, Adopted, Discarded }

/// <summary>What a revision did to a risk.</summary>
public enum RevisionChangeKind { Added, Changed }

/// <summary>A revision of an adopted plan: why it was opened, the nämnd's decision adopting it, and the risks it added or changed.</summary>
public sealed class RevisionView
{
    /// <summary>The revision's number in its plan, from 1.</summary>
    public long Number { get; init; }
    /// <summary>Why the plan is revised (e.g. a risk that arose during the year).</summary>
    public string Reason { get; init; } = "";
    /// <summary><c>open</c>, <c>adopted</c> or <c>discarded</c>.</summary>
    public RevisionState State { get; init; }
    /// <summary>When the revision was opened (UTC).</summary>
    [Timestamp] public string OpenedAt { get; init; } = "";
    /// <summary>When it was adopted or discarded (UTC); null while open.</summary>
    [Timestamp] public string? EndedAt { get; init; }
    /// <summary>The nämnd's decision adopting the revision; null until adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>The risks the revision added or changed.</summary>
    public List<RevisionChange> Changes { get; init; } = [];
}

/// <summary>A risk a revision added or changed.</summary>
public sealed class RevisionChange
{
    /// <summary>The risk's id.</summary>
    public long RiskId { get; init; }
    /// <summary><c>added</c> or <c>changed</c>.</summary>
    public RevisionChangeKind Change { get; init; }
}

/// <summary>The revisions of a plan.</summary>
public sealed class RevisionList
{
    /// <summary>The plan's revisions, first to latest.</summary>
    public List<RevisionView> Items { get; init; } = [];
}
