namespace RiskRegister.Api.Features.Controls.Delete;

public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/controls/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a kontrollmoment from a draft plan";
            s.Description = "Removes a control from a draft plan; the removal is kept in the plan's history. `If-Match` takes the control's ETag.";
        });
        Description(d => d.NoContent().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await ControlReader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (found is null) ThrowError(r => r.Id, $"No control {req.Id}.", 404);
        var (plan, control) = found;
        if (!ETags.IfMatchAllows(HttpContext, control.Version))
            ThrowError(r => r.Id, "The control has changed since you read it.", 412);
        if (ControlEditing.Refusal(plan) is { } refusal) ThrowError(r => r.Id, refusal, 409);

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM controls WHERE id = @id", new { id = control.Id }, transaction, cancellationToken: ct));
        await write.TouchAsync(plan, Clock.Timestamp(), ct);
        await write.CommitAsync(caller.By("control", control.Id, "deleted") with { PlanId = plan.Id, RiskId = control.RiskId, Before = found.View }, ct);
        await Send.NoContentAsync(ct);
    }
}
