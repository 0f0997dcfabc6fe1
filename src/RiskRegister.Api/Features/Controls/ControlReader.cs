using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Controls;

/// <summary>A control as read, with the header of its plan: what every operation on a control checks first.</summary>
public sealed record VisibleControl(PlanHeader Plan, Control Control)
{
    public ControlView View => ControlView.Of(Control);
}

/// <summary>Reads controls with their results: one control in two statements, a plan's controls in two, however many.</summary>
public static class ControlReader
{
    private const string Columns = """
        c.id AS Id, c.plan_id AS PlanId, c.risk_id AS RiskId, c.title AS Title, c.description AS Description, c.method AS Method,
        c.frequency AS Frequency, c.scope AS Scope, c.responsible AS Responsible, c.reported_to AS ReportedTo, c.due AS Due,
        c.copied_from_control_id AS CopiedFromControlId, c.version AS Version, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt,
        c.secrecy_ground AS SecrecyGround, c.secrecy_note AS SecrecyNote, c.secrecy_marked_at AS SecrecyMarkedAt, c.secrecy_marked_by AS SecrecyMarkedBy
        """;

    private const string ResultColumns = """
        cr.control_id AS ControlId, cr.round AS Round, cr.result AS Result, cr.checked AS Checked, cr.deviations AS Deviations,
        cr.actions AS Actions, cr.recorded_at AS RecordedAt
        """;

    /// <summary>
    /// The control and its plan's header, or null when it does not exist or the caller may not see its plan (both 404).
    /// In a write, the plan's row is locked first (<see cref="RowLocks"/>), as for a risk.
    /// </summary>
    public static async Task<VisibleControl?> LoadVisibleAsync(IDbConnection connection, IDbTransaction? transaction, long controlId, Caller caller, CancellationToken ct)
    {
        var planId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT plan_id FROM controls WHERE id = @controlId", new { controlId }, transaction, cancellationToken: ct));
        if (planId is null) return null;
        var plan = await PlanHeader.LoadVisibleAsync(connection, transaction, planId.Value, caller, ct);
        if (plan is null) return null;
        var control = await LoadAsync(connection, transaction, controlId, ct);
        return control is null || control.PlanId != plan.Id ? null : new VisibleControl(plan, control);
    }

    /// <summary>One control with its results, whoever asks: for reading back inside a write that already checked.</summary>
    public static async Task<Control?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long controlId, CancellationToken ct) =>
        (await ReadManyAsync(connection, transaction, "c.id = @id", controlId, ct)).SingleOrDefault();

    /// <summary>A plan's controls in the order they were added (those of a risk beside the others: the plan's own order).</summary>
    public static Task<List<Control>> LoadForPlanAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct) =>
        ReadManyAsync(connection, transaction, "c.plan_id = @id", planId, ct);

    private static async Task<List<Control>> ReadManyAsync(IDbConnection connection, IDbTransaction? transaction, string where, long id, CancellationToken ct)
    {
        await using var command = Rows.Command(connection, transaction, ManySql(where), "id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadManyAsync(reader, ct);
    }

    /// <summary>
    /// A plan's controls as <see cref="ReadManyAsync(System.Data.Common.DbDataReader, CancellationToken)"/> reads them (three results, parameter <c>@id</c>), for a
    /// caller that sends them in one batch with its other statements (<see cref="PlanView"/>).
    /// </summary>
    internal static readonly string ForPlanSql = ManySql("c.plan_id = @id");

    private static string ManySql(string where) => $"""
        SELECT {Columns} FROM controls c WHERE {where} ORDER BY c.id;
        SELECT {ResultColumns} FROM control_results cr JOIN controls c ON c.id = cr.control_id WHERE {where} ORDER BY cr.round;
        SELECT cg.control_id AS Item, cg.goal_id AS Goal FROM control_goals cg JOIN controls c ON c.id = cg.control_id WHERE {where} ORDER BY cg.goal_id;
        """;

    /// <summary>
    /// The controls from the three results of <see cref="ManySql"/>, <paramref name="reader"/> at the first of them (and
    /// left at the last), each with its results and goals: read by ordinal, the columns where <see cref="Columns"/> and
    /// <see cref="ResultColumns"/> put them.
    /// </summary>
    internal static async Task<List<Control>> ReadManyAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
    {
        var rows = new List<Control>();
        while (await reader.ReadAsync(ct))
        {
            var ground = reader.StringOrNull(15);
            rows.Add(new Control(reader.GetInt64(0), reader.GetInt64(1), reader.Int64OrNull(2), reader.GetString(3), reader.StringOrNull(4),
                reader.EnumOf<ControlMethod>(5), reader.EnumOf<ControlFrequency>(6), reader.StringOrNull(7), reader.StringOrNull(8), reader.StringOrNull(9),
                reader.IsDBNull(10) ? null : DateOnlyHandler.Read(reader, 10), reader.Int64OrNull(11), [], reader.GetInt64(12), reader.GetString(13), reader.GetString(14),
                Secrecy: ground is null ? null : new SecrecyMark(ground, reader.StringOrNull(16), reader.StringOrNull(17) ?? "", reader.StringOrNull(18) ?? "")));
        }
        var results = new Dictionary<long, List<ControlResult>>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            results.AddTo(reader.GetInt64(0), new ControlResult(reader.Int32Of(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.Int32Of(3),
                reader.IsDBNull(4) ? null : reader.Int32Of(4), reader.StringOrNull(5), reader.GetString(6)));
        }
        var goals = new Dictionary<long, List<long>>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            goals.AddTo(reader.GetInt64(0), reader.GetInt64(1));
        for (var i = 0; i < rows.Count; i++)
            rows[i] = rows[i] with { Results = results.GetValueOrDefault(rows[i].Id) ?? [], GoalIds = goals.GetValueOrDefault(rows[i].Id) ?? [] };
        return rows;
    }
}

/// <summary>When a plan's controls may change, and the versions a change to a control moves.</summary>
public static class ControlEditing
{
    /// <summary>
    /// Why the controls of a plan in this status cannot be added, changed or removed; null when they can. Controls are
    /// part of the plan the nämnd adopts, so they change while it is a draft.
    /// </summary>
    // An open revision (Revising) changes the plan the nämnd adopts again, so its controls change in it too.
    public static string? Refusal(PlanHeader plan) => plan.Status is PlanStatus.Draft or PlanStatus.Revising
        ? null
        : $"Plan {plan.Id} is {plan.Status.ToApi()}: its controls are part of the adopted plan; only their results are recorded.";

    /// <summary>Why a control's results cannot be recorded in a plan of this status; null when they can (adopted, or under revision).</summary>
    public static string? ResultRefusal(PlanHeader plan) => plan.Status switch
    {
        PlanStatus.Draft => $"Plan {plan.Id} is a draft: results are recorded once the nämnd has adopted it.",
        PlanStatus.Closed => $"Plan {plan.Id} is closed: its results are final.",
        _ => null,
    };

    /// <summary>Whether <paramref name="riskId"/> is a risk of the plan: a control checks a risk of its own plan.</summary>
    public static async Task<bool> IsRiskOfAsync(IDbConnection connection, IDbTransaction transaction, long planId, long riskId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM risks WHERE id = @riskId AND plan_id = @planId", new { planId, riskId }, transaction, cancellationToken: ct)) > 0;

    /// <summary>A change to a control moves its version and its plan's; the control's is the one remembered (its ETag).</summary>
    public static async Task TouchAsync(this WriteScope write, Control control, PlanHeader plan, string now, CancellationToken ct)
    {
        await write.TouchAsync(plan, now, ct);
        write.Touched(await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "UPDATE controls SET version = version + 1, updated_at = @now WHERE id = @id RETURNING version",
            new { id = control.Id, now }, write.Transaction, cancellationToken: ct)));
    }
}
