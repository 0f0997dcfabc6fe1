namespace RiskRegister.Api.Features.Controls.Secrecy;

/// <summary>
/// The one write both operations make on a control's own marking: set or clear it, with If-Match and history (as a
/// risk's, Features/Risks/Secrecy). A control standing alone has no risk to be marked with: attest of a unit handling
/// skyddade personuppgifter, logging of journal access to protected identities.
/// </summary>
public abstract class ControlSecrecyEndpoint<TRequest>(Db db) : Endpoint<TRequest, ControlView> where TRequest : notnull
{
    /// <summary>Sets what <c>decide</c> answers from the current marking: (ground, note) to store (ground null: unmarked), or null when nothing changes.</summary>
    protected async Task ApplyAsync(long controlId, Func<SecrecyMark?, (string? Ground, string? Note)?> decide, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await ControlReader.LoadVisibleAsync(connection, transaction, controlId, caller, ct);
        if (found is null) ThrowError($"No control {controlId}.", 404);
        var (plan, control) = found;
        if (!ETags.IfMatchAllows(HttpContext, control.Version))
            ThrowError("The control has changed since you read it; read it again and reapply your change.", 412);
        var before = found.View;
        if (decide(control.Secrecy) is not { } marking)
        {
            // Nothing changes: no history row, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, control.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE controls SET secrecy_ground = @ground, secrecy_note = @note,
                                secrecy_marked_at = @markedAt, secrecy_marked_by = @markedBy
            WHERE id = @id
            """, new
        {
            id = controlId, ground = marking.Ground, note = marking.Note,
            markedAt = marking.Ground is null ? null : now, markedBy = marking.Ground is null ? null : caller.Name,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(control, plan, now, ct);
        var after = ControlView.Of((await ControlReader.LoadAsync(connection, transaction, controlId, ct))!);
        var change = HistoryLog.Changed(before, after)!.Value;
        var version = await write.CommitAsync(
            caller.By("control", controlId, "secrecyChanged") with { PlanId = plan.Id, RiskId = control.RiskId, Before = change.Before, After = change.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
