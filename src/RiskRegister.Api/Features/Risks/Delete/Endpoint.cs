namespace RiskRegister.Api.Features.Risks.Delete;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/risks/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a risk (and its activities) from a draft plan";
            s.Description = "Removes a risk and its activities from a draft plan. Its history stays readable. Refused while a later plan carries the risk over.";
        });
        Description(d => d.NoContent().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await RiskReader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (found is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        var (header, before) = found;
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The risk has changed since you read it.", 412);
        // Under revision, only a risk the open revision added may go again: one adopted earlier stays on record.
        var addedNow = header.Plan.Status == PlanStatus.Revising && found.Risk.AddedInRevision is { } added
            && added == await Revisions.RevisionLedger.OpenNumberAsync(connection, transaction, header.Plan.Id, ct);
        if (header.Plan.Status != PlanStatus.Draft && !addedNow)
            ThrowError(r => r.Id, header.Plan.Status == PlanStatus.Revising
                ? $"Plan {header.Plan.Id} is revising, but risk {req.Id} was adopted earlier: it cannot be removed, only re-assessed."
                : $"Plan {header.Plan.Id} is {header.Plan.Status.ToApi()}: its risks cannot be removed.", 409);
        var copiedInto = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT plan_id FROM risks WHERE copied_from_risk_id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        if (copiedInto is not null)
            ThrowError(r => r.Id, $"Risk {req.Id} was carried over into plan {copiedInto}; remove it there first.", 409);

        if (addedNow) await Revisions.RevisionLedger.ForgetAsync(connection, transaction, header.Plan.Id, req.Id, ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM risks WHERE id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        await write.TouchAsync(header.Plan, Clock.Timestamp(), ct);
        await write.CommitAsync(caller.By("risk", req.Id, "deleted") with { PlanId = header.Plan.Id, RiskId = req.Id, Before = before }, ct);
        await Send.NoContentAsync(ct);
    }
}
