using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Delete;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>The activity's id.</summary>
    public long ActivityId { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/risks/{id}/activities/{activityId}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove an activity from a risk of a draft plan";
            s.Description = "Removes an activity from a risk of a draft plan; the removal is kept in the risk's history.";
        });
        Description(d => d.NoContent().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var risk = await RiskHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (risk is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        var before = await ActivityReader.LoadAsync(connection, transaction, risk.Id, req.ActivityId, ct);
        if (before is null) ThrowError(r => r.ActivityId, $"Risk {risk.Id} has no activity {req.ActivityId}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, risk.Version))
            ThrowError(r => r.Id, "The risk has changed since you read it.", 412);
        if (risk.Plan.Status is not (PlanStatus.Draft or PlanStatus.Revising))
            ThrowError(r => r.Id, $"Plan {risk.Plan.Id} is {risk.Plan.Status.ToApi()}: its activities cannot be removed.", 409);
        await Revisions.RevisionLedger.NoteChangedAsync(connection, transaction, risk.Plan, risk.Id, ct);

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM activities WHERE id = @activityId",
            new { activityId = req.ActivityId }, transaction, cancellationToken: ct));
        await write.TouchAsync(risk, Clock.Timestamp(), ct);
        await write.CommitAsync(caller.By("activity", req.ActivityId, "deleted") with { PlanId = risk.Plan.Id, RiskId = risk.Id, Before = before }, ct);
        await Send.NoContentAsync(ct);
    }
}
