namespace RiskRegister.Api.Features.Controls.Change;

public sealed class Endpoint(Db db) : Endpoint<Request, ControlView>
{
    public override void Configure()
    {
        Patch("/controls/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Change a kontrollmoment of a draft plan";
            s.Description = "Changes the given fields of a control while its plan is a draft; `riskId: 0` makes it stand alone. Once the plan is adopted only its results are recorded (`409`). `If-Match` takes the control's ETag.";
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
        if (ControlEditing.Refusal(plan) is { } refusal) ThrowError(r => r.Id, refusal, 409);
        if (req.RiskId is { } riskId && riskId > 0 && !await ControlEditing.IsRiskOfAsync(connection, transaction, plan.Id, riskId, ct))
            ThrowError(r => r.RiskId, $"Plan {plan.Id} has no risk {riskId}.", 400);
        foreach (var (index, reason) in await Goals.GoalLinks.ProblemsAsync(connection, transaction, plan.UnitId, req.GoalIds ?? [], ct))
            AddError(new ValidationFailure($"goalIds[{index}]", reason));
        ThrowIfAnyErrors(400);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE controls SET
                title = COALESCE(@title, title),
                description = CASE WHEN @descriptionSent THEN @description ELSE description END,
                risk_id = CASE WHEN @riskSent THEN @riskId ELSE risk_id END,
                method = COALESCE(@method, method),
                frequency = COALESCE(@frequency, frequency),
                scope = CASE WHEN @scopeSent THEN @scope ELSE scope END,
                responsible = CASE WHEN @responsibleSent THEN @responsible ELSE responsible END,
                reported_to = CASE WHEN @reportedToSent THEN @reportedTo ELSE reported_to END,
                due = COALESCE(@due, due)
            WHERE id = @id
            """, new
        {
            id = control.Id, title = req.Title?.Trim(),
            descriptionSent = req.Description is not null, description = Text.OrNull(req.Description),
            riskSent = req.RiskId is not null, riskId = req.RiskId is > 0 ? req.RiskId : null,
            method = req.Method?.ToApi(), frequency = req.Frequency?.ToApi(),
            scopeSent = req.Scope is not null, scope = Text.OrNull(req.Scope),
            responsibleSent = req.Responsible is not null, responsible = Text.OrNull(req.Responsible),
            reportedToSent = req.ReportedTo is not null, reportedTo = Text.OrNull(req.ReportedTo),
            due = req.Due,
        }, transaction, cancellationToken: ct));
        if (req.GoalIds is { } goalIds) await Goals.GoalLinks.ReplaceAsync(connection, transaction, Goals.GoalLinks.Kind.Control, control.Id, goalIds, ct);
        var before = ControlView.Of(control);
        var after = ControlView.Of((await ControlReader.LoadAsync(connection, transaction, control.Id, ct))!);
        if (HistoryLog.Changed(before, after) is not { } change)
        {
            // Nothing changed: rolled back, nothing recorded, the ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, control.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        await write.TouchAsync(control, plan, now, ct);
        var stored = ControlView.Of((await ControlReader.LoadAsync(connection, transaction, control.Id, ct))!);
        var version = await write.CommitAsync(
            caller.By("control", control.Id, "changed") with { PlanId = plan.Id, RiskId = stored.RiskId ?? control.RiskId, Before = change.Before, After = change.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(stored, ct);
    }
}
