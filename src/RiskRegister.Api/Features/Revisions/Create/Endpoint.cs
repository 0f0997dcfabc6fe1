using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Revisions.Create;

/// <summary>Why the adopted plan is revised.</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>Why the plan is revised, e.g. a risk that arose during the year.</summary>
    public string? Reason { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(TextLimits.Text);
    }
}

public sealed class Endpoint(Db db) : Endpoint<Request, RevisionView>
{
    public override void Configure()
    {
        Post("/plans/{id}/revisions");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Open a revision of an adopted plan: its risks may then be added and re-assessed until the nämnd adopts the revision";
            s.Description = "Opens a revision of an adopted plan; the plan's `status` becomes `revising`. While it is open, risks may be added and their values, method, motivation and activities changed; a risk adopted earlier cannot be deleted, and follow-ups of the risks the revision has not touched go on. `409` unless the plan is adopted, or when a revision is already open.";
        });
        Description(d => d.Takes<Request>().Created<RevisionView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
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
        switch (plan.Status)
        {
            case PlanStatus.Draft:
                ThrowError(r => r.Id, $"Plan {plan.Id} is a draft: change it as it is; a revision is of an adopted plan.", 409);
                break;
            case PlanStatus.Revising:
                var open = await RevisionLedger.OpenNumberAsync(connection, transaction, plan.Id, ct);
                ThrowError(r => r.Id, $"Plan {plan.Id} is revising: revision {open} is open; adopt or discard it before opening another.", 409);
                break;
            case PlanStatus.Closed:
                ThrowError(r => r.Id, $"Plan {plan.Id} is closed: its year is over.", 409);
                break;
        }

        var now = Clock.Timestamp();
        var number = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM plan_revisions WHERE plan_id = @planId", new { planId = plan.Id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO plan_revisions (plan_id, number, reason, state, opened_at) VALUES (@planId, @number, @reason, 'open', @now);
            UPDATE plans SET status = 'revising' WHERE id = @planId;
            """, new { planId = plan.Id, number, reason = req.Reason!.Trim(), now }, transaction, cancellationToken: ct));
        await write.TouchAsync(plan, now, ct);
        var revision = (await RevisionLedger.LoadAsync(connection, transaction, plan.Id, ct)).Single(r => r.Number == number);
        var version = await write.CommitAsync(
            caller.By("plan", plan.Id, "revisionOpened") with { PlanId = plan.Id, Before = new { plan.Status }, After = new { Status = PlanStatus.Revising, Revision = revision } }, ct);
        ETags.Set(HttpContext, version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = plan.Id, number }, revision, cancellation: ct);
    }
}
