using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Change;

public sealed class Endpoint(Db db) : Endpoint<Request, ActivityView>
{
    public override void Configure()
    {
        Patch("/risks/{id}/activities/{activityId}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Change an activity; after adoption only its status";
            s.Description = "Changes the given fields of an activity. While the plan is a draft every field may change; once adopted only `status` (the activity's progress, reported at the follow-ups). Activities are guarded by their risk's ETag: send it as `If-Match`, and take the new one from the response.";
        });
        Description(d => d.Takes<Request>().Ok<ActivityView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
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
        if (risk.Plan.Status == PlanStatus.Closed)
            ThrowError(r => r.Id, $"Plan {risk.Plan.Id} is closed.", 409);
        if (risk.Plan.Status == PlanStatus.Adopted && req.ChangesPlanContent)
            ThrowError(r => r.Id, $"Plan {risk.Plan.Id} is adopted: only an activity's status can change (or open a revision).", 409);
        // Under revision, a change of what the activity is re-plans its risk; its status alone is follow-up work.
        if (req.ChangesPlanContent)
            await Revisions.RevisionLedger.NoteChangedAsync(connection, transaction, risk.Plan, risk.Id, ct);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE activities SET
                description = COALESCE(@description, description),
                measure = COALESCE(@measure, measure),
                due = COALESCE(@due, due),
                responsible = CASE WHEN @responsibleSent THEN @responsible ELSE responsible END,
                status = COALESCE(@status, status),
                updated_at = @now
            WHERE id = @activityId
            """, new
        {
            activityId = req.ActivityId, description = req.Description?.Trim(), measure = req.Measure?.Trim(), due = req.Due,
            responsibleSent = req.Responsible is not null, responsible = Text.OrNull(req.Responsible), status = req.Status?.ToApi(), now,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(risk, now, ct);
        var after = (await ActivityReader.LoadAsync(connection, transaction, risk.Id, req.ActivityId, ct))!;
        if (HistoryLog.Changed(before, after) is not { } change)
        {
            // Nothing changed: rolled back, nothing recorded, the risk's ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, risk.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var version = await write.CommitAsync(
            caller.By("activity", req.ActivityId, "changed") with { PlanId = risk.Plan.Id, RiskId = risk.Id, Before = change.Before, After = change.After }, ct);
        // Activities are guarded by their risk's ETag, which this write moved on: hand the new one back for the next If-Match.
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
