namespace RiskRegister.Api.Features.Controls.RecordControlResult;

public sealed class Endpoint(Db db) : Endpoint<Request, ControlView>
{
    public override void Configure()
    {
        Put("/controls/{id}/results/{round}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record (or correct) a kontrollmoment's result at uppföljning 1 or 2 of an adopted plan";
            s.Description = "Records what the control found at a follow-up: `result`, how many were `checked`, how many `deviations`, and the `actions` taken. Allowed once the plan is adopted and until it is closed (`409` otherwise). Answers the control with its results; `If-Match` takes the control's ETag.";
        });
        Description(d => d.Takes<Request>().Ok<ControlView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
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
        if (ControlEditing.ResultRefusal(plan) is { } refusal) ThrowError(r => r.Id, refusal, 409);

        var now = Clock.Timestamp();
        var before = control.ResultOf(req.Round) is { } previous ? ControlResultView.Of(previous) : null;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO control_results (control_id, round, result, checked, deviations, actions, recorded_at)
            VALUES (@id, @round, @result, @checked, @deviations, @actions, @now)
            ON CONFLICT (control_id, round) DO UPDATE SET
                result = excluded.result, checked = excluded.checked, deviations = excluded.deviations,
                actions = excluded.actions, recorded_at = excluded.recorded_at
            """, new
        {
            id = control.Id, round = req.Round, result = req.Result!.Trim(), @checked = req.Checked, deviations = req.Deviations,
            actions = Text.OrNull(req.Actions), now,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(control, plan, now, ct);
        var after = (await ControlReader.LoadAsync(connection, transaction, control.Id, ct))!;
        var recorded = ControlResultView.Of(after.ResultOf(req.Round)!);
        var version = await write.CommitAsync(
            caller.By("controlResult", control.Id, before is null ? "recorded" : "changed") with
            {
                PlanId = plan.Id, RiskId = control.RiskId, Before = before,
                After = new { controlId = control.Id, recorded.Round, recorded.Result, recorded.Checked, recorded.Deviations, recorded.Actions, recorded.RecordedAt },
            }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(ControlView.Of(after), ct);
    }
}
