namespace RiskRegister.Api.Features.Risks.Secrecy;

/// <summary>The one write both operations make: set or clear the marking, with If-Match and history.</summary>
public abstract class SecrecyEndpoint<TRequest>(Db db) : Endpoint<TRequest, RiskView> where TRequest : notnull
{
    /// <summary>Sets what <c>decide</c> answers from the current marking: (ground, note) to store (ground null: unmarked), or null when nothing changes.</summary>
    protected async Task ApplyAsync(long riskId, Func<SecrecyMark?, (string? Ground, string? Note)?> decide, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await RiskReader.LoadVisibleAsync(connection, transaction, riskId, caller, ct);
        if (found is null) ThrowError($"No risk {riskId}.", 404);
        var (header, before) = found;
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError("The risk has changed since you read it; read it again and reapply your change.", 412);
        if (decide(found.Risk.Secrecy) is not { } marking)
        {
            // Nothing changes: no history row, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, header.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE risks SET secrecy_ground = @ground, secrecy_note = @note,
                             secrecy_marked_at = @markedAt, secrecy_marked_by = @markedBy
            WHERE id = @id
            """, new
        {
            id = riskId, ground = marking.Ground, note = marking.Note,
            markedAt = marking.Ground is null ? null : now, markedBy = marking.Ground is null ? null : caller.Name,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(header, now, ct);
        var after = (await RiskReader.LoadAsync(connection, transaction, riskId, ct))!.View;
        var change = HistoryLog.Changed(before, after)!.Value;
        var version = await write.CommitAsync(
            caller.By("risk", riskId, "secrecyChanged") with { PlanId = header.Plan.Id, RiskId = riskId, Before = change.Before, After = change.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
