using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Controls.Create;

public sealed class Endpoint(Db db, Microsoft.Extensions.Options.IOptions<LimitSettings> limits) : Endpoint<Request, ControlView>
{
    public override void Configure()
    {
        Post("/plans/{id}/controls");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Add a kontrollmoment to a draft plan, tied to one of its risks or standing alone";
            s.Description = "Adds a control (kontrollmoment): what is checked, by which `method`, how often (`frequency`), how much (`scope`), by whom and reported to whom. `riskId` ties it to a risk of the same plan; without it the control stands alone (attest, jäv, delegation). `If-Match` takes the plan's ETag; the answer's ETag is the control's.";
        });
        Description(d => d.Takes<Request>().Created<ControlView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var plan = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (plan is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, plan.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it.", 412);
        if (ControlEditing.Refusal(plan) is { } refusal) ThrowError(r => r.Id, refusal, 409);
        var max = limits.Value.MaxControlsPerPlan;
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM controls WHERE plan_id = @id", new { id = plan.Id }, transaction, cancellationToken: ct)) >= max)
            ThrowError(new ValidationFailure("controls", $"Plan {plan.Id} holds {max} controls, the most a plan may hold (Limits:MaxControlsPerPlan)."), 409);
        if (req.RiskId is { } riskId && !await ControlEditing.IsRiskOfAsync(connection, transaction, plan.Id, riskId, ct))
            ThrowError(r => r.RiskId, $"Plan {plan.Id} has no risk {riskId}.", 400);
        foreach (var (index, reason) in await Goals.GoalLinks.ProblemsAsync(connection, transaction, plan.UnitId, req.GoalIds ?? [], ct))
            AddError(new ValidationFailure($"goalIds[{index}]", reason));
        ThrowIfAnyErrors(400);

        var now = Clock.Timestamp();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO controls (plan_id, risk_id, title, description, method, frequency, scope, responsible, reported_to, due, created_at, updated_at)
            VALUES (@planId, @riskId, @title, @description, @method, @frequency, @scope, @responsible, @reportedTo, @due, @now, @now)
            RETURNING id
            """, new
        {
            planId = plan.Id, riskId = req.RiskId, title = req.Title!.Trim(), description = Text.OrNull(req.Description),
            method = req.Method!.Value.ToApi(), frequency = req.Frequency!.Value.ToApi(), scope = Text.OrNull(req.Scope),
            responsible = Text.OrNull(req.Responsible), reportedTo = Text.OrNull(req.ReportedTo), due = req.Due, now,
        }, transaction, cancellationToken: ct));
        if (req.GoalIds is { Count: > 0 } goalIds) await Goals.GoalLinks.ReplaceAsync(connection, transaction, Goals.GoalLinks.Kind.Control, id, goalIds, ct);
        await write.TouchAsync(plan, now, ct);
        var control = (await ControlReader.LoadAsync(connection, transaction, id, ct))!;
        var view = ControlView.Of(control);
        await write.CommitAsync(caller.By("control", id, "created") with { PlanId = plan.Id, RiskId = control.RiskId, After = view }, ct);
        ETags.Set(HttpContext, control.Version);   // the new control's own version; the plan's moved on too
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, view, cancellation: ct);
    }
}
