using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Create;

public sealed class Endpoint(Db db, Microsoft.Extensions.Options.IOptions<LimitSettings> limits) : Endpoint<Request, ActivityView>
{
    public override void Configure()
    {
        Post("/risks/{id}/activities");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Add an activity, with its measure (mätvärde) and due date (tidplan), to a risk of a draft plan";
            s.Description = "Adds an activity with its mätvärde (`measure`) and tidplan (`due`) to a risk of a draft plan. Adoption requires one for every granskning and åtgärd risk. Answers the activity, its address in `Location` and the risk's new ETag.";
        });
        Description(d => d.Takes<Request>().Created<ActivityView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var risk = await RiskHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (risk is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, risk.Version))
            ThrowError(r => r.Id, "The risk has changed since you read it.", 412);
        if (risk.Plan.Status is not (PlanStatus.Draft or PlanStatus.Revising))
            ThrowError(r => r.Id, $"Plan {risk.Plan.Id} is {risk.Plan.Status.ToApi()}: activities are part of the adopted plan; only their status can change (or open a revision).", 409);

        var max = limits.Value.MaxActivitiesPerRisk;
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM activities WHERE risk_id = @id", new { id = risk.Id }, transaction, cancellationToken: ct)) >= max)
            ThrowError(new ValidationFailure("activities", $"Risk {risk.Id} holds {max} activities, the most a risk may hold (Limits:MaxActivitiesPerRisk)."), 409);

        await Revisions.RevisionLedger.NoteChangedAsync(connection, transaction, risk.Plan, risk.Id, ct);
        var now = Clock.Timestamp();
        var activityId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO activities (risk_id, description, measure, due, responsible, status, created_at, updated_at)
            VALUES (@riskId, @description, @measure, @due, @responsible, 'notStarted', @now, @now)
            RETURNING id
            """, new { riskId = risk.Id, description = req.Description!.Trim(), measure = req.Measure!.Trim(), due = req.Due!.Value, responsible = Text.OrNull(req.Responsible), now },
            transaction, cancellationToken: ct));
        await write.TouchAsync(risk, now, ct);
        var activity = (await ActivityReader.LoadAsync(connection, transaction, risk.Id, activityId, ct))!;
        var version = await write.CommitAsync(
            caller.By("activity", activityId, "created") with { PlanId = risk.Plan.Id, RiskId = risk.Id, After = activity }, ct);
        // Activities are guarded by their risk's ETag, which this write moved on: hand the new one back for the next If-Match.
        ETags.Set(HttpContext, version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = risk.Id, activityId }, activity, cancellation: ct);
    }
}
