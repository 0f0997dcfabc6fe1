namespace RiskRegister.Api.Features.Plans.Delete;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

/// <summary>
/// Removes a draft made by mistake (the wrong unit or year), with its risks, their activities and follow-ups. An adopted
/// plan is a decision on record and stays. Its history stays readable.
/// </summary>
public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/plans/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a draft plan (send If-Match with the plan's ETag)";
            s.Description = "Removes a draft plan with its risks and their activities. Its history stays readable. `409` once the plan is adopted, or while a later plan was copied from it; `412` when it changed since it was read.";
        });
        Description(d => d.NoContent().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var header = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (header is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it.", 412);
        if (header.Status != PlanStatus.Draft)
            ThrowError(r => r.Id, $"Plan {req.Id} is {header.Status.ToApi()}: an adopted plan is a decision on record and cannot be removed.", 409);
        var copiedInto = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM plans WHERE copied_from_plan_id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        if (copiedInto is not null)
            ThrowError(r => r.Id, $"Plan {copiedInto} was copied from plan {req.Id}; remove it first.", 409);
        var before = (await PlanView.LoadAsync(connection, transaction, req.Id, adoption, Disclosure.Full, ct))!;

        // Activities and follow-ups go with their risks (ON DELETE CASCADE); a risk copied from last year's keeps nothing there.
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM follow_up_reminders WHERE plan_id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM risks WHERE plan_id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM plans WHERE id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        // What was removed, whole, as a risk's deletion keeps it; the entry also names the unit, since the plan's row is gone.
        await write.CommitAsync(caller.By("plan", req.Id, "deleted") with { PlanId = req.Id, Before = before }, ct);
        await Send.NoContentAsync(ct);
    }
}
