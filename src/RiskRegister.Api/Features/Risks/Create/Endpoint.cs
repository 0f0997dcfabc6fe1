using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks.Create;

public sealed class Endpoint(Db db, Microsoft.Extensions.Options.IOptions<LimitSettings> limits) : Endpoint<Request, RiskView>
{
    public override void Configure()
    {
        Post("/plans/{planId}/risks");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Add a risk to a draft plan; the response carries its score and level";
            s.Description = "Adds a risk to a draft plan, valued on the plan's scale; the response carries its riskvärde (`score`) and `level`. Where the plan has consequence areas (`scale.consequenceAreas`), `consequences` values each area and `consequence` is their maximum (`400` if a `consequence` sent beside them differs). `If-Match` takes the plan's ETag.";
        });
        Description(d => d.Takes<Request>().Created<RiskView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var (plan, held) = await PlanHeader.LoadVisibleCountingRisksAsync(connection, transaction, req.PlanId, caller, ct);
        if (plan is null) ThrowError(r => r.PlanId, $"No plan {req.PlanId}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, plan.Version))
            ThrowError(r => r.PlanId, "The plan has changed since you read it.", 412);
        if (plan.Status is not (PlanStatus.Draft or PlanStatus.Revising))
            ThrowError(r => r.PlanId, $"Plan {plan.Id} is {plan.Status.ToApi()}: its risk assessment is frozen; open a revision to add a risk.", 409);
        var max = limits.Value.MaxRisksPerPlan;
        if (held >= max)
            ThrowError(new ValidationFailure("risks", $"Plan {plan.Id} holds {max} risks, the most a plan may hold (Limits:MaxRisksPerPlan)."), 409);
        if (!plan.Scale.Contains(req.Probability!.Value))
            AddError(r => r.Probability, $"Probability must be between 1 and {plan.Scale.Size} on this plan's scale.");
        if (req.Consequence is { } consequence && !plan.Scale.Contains(consequence))
            AddError(r => r.Consequence, $"Consequence must be between 1 and {plan.Scale.Size} on this plan's scale.");
        foreach (var (index, reason) in await Goals.GoalLinks.ProblemsAsync(connection, transaction, plan.UnitId, req.GoalIds ?? [], ct))
            AddError(new ValidationFailure($"goalIds[{index}]", reason));
        var (assessed, problems) = ConsequenceRules.Resolve(plan.Scale, req.Consequence, req.Consequences, null);
        foreach (var (field, reason) in problems) AddError(new ValidationFailure(field, reason));
        ThrowIfAnyErrors(400);

        // Under revision, the risk is the open revision's: added by it, adopted with it (or removed when it is discarded).
        var revision = plan.Status == PlanStatus.Revising ? await Revisions.RevisionLedger.OpenNumberAsync(connection, transaction, plan.Id, ct) : null;
        var now = Clock.Timestamp();
        var risk = await RiskReader.InsertAsync(connection, transaction, """
            INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, goal, created_at, updated_at, added_in_revision, consequences)
            VALUES (@planId, @title, @description, @probability, @consequence, @handlingMethod, @motivation, @category, @owner, @goal, @now, @now, @revision, @consequences)
            """, new
        {
            planId = plan.Id, revision, title = req.Title!.Trim(), description = req.Description?.Trim() ?? "",
            probability = req.Probability, consequence = assessed!.Consequence, consequences = RiskReader.WriteConsequences(assessed.Areas), handlingMethod = req.HandlingMethod!.Value.ToApi(),
            motivation = Text.OrNull(req.Motivation), category = Text.OrNull(req.Category), owner = Text.OrNull(req.Owner), goal = Text.OrNull(req.Goal), now,
        }, plan.Scale, ct);
        var id = risk.Id;
        if (req.GoalIds is { Count: > 0 } goalIds)
        {
            await Goals.GoalLinks.ReplaceAsync(connection, transaction, Goals.GoalLinks.Kind.Risk, id, goalIds, ct);
            risk = (await RiskReader.LoadAsync(connection, transaction, id, ct))!.View;
        }
        if (revision is { } number) await Revisions.RevisionLedger.NoteAddedAsync(connection, transaction, plan.Id, number, id, ct);
        await write.TouchAsync(plan, now, ct);
        await write.CommitAsync(caller.By("risk", id, "created") with { PlanId = plan.Id, RiskId = id, After = risk }, ct);
        ETags.Set(HttpContext, risk.Version);   // the new risk's own version; the plan's moved on too
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, risk, cancellation: ct);
    }
}
