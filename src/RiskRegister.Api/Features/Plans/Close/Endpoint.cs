namespace RiskRegister.Api.Features.Plans.Close;

/// <summary>Closure takes no body: the plan's id in the route is all it needs.</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/closure");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Close an adopted plan once uppföljning 2 is recorded for every risk; 409 lists the risks still missing it";
            s.Description = "Closes an adopted plan when every risk has uppföljning 2; `409` lists the risks still missing it. A closed plan changes no more.";
        });
        Description(d => d.Ok<PlanView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var planId = req.Id;
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var header = await PlanHeader.LoadVisibleAsync(connection, transaction, planId, caller, ct);
        if (header is null) ThrowError(new ValidationFailure("id", $"No plan {planId}."), 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(new ValidationFailure("id", "The plan has changed since you read it."), 412);
        if (header.Status != PlanStatus.Adopted)
            ThrowError(new ValidationFailure("id", header.Status == PlanStatus.Draft
                ? $"Plan {header.Id} is a draft: it must be adopted and followed up before it is closed."
                : $"Plan {header.Id} is already closed."), 409);
        var plan = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        for (var i = 0; i < plan.Risks.Count; i++)
            if (plan.Risks[i].FollowUp2 is null)
                AddError(new ValidationFailure($"risks[{i}].followUp2", $"Risk {plan.Risks[i].Id} \"{plan.Risks[i].Title}\" has no uppföljning 2."));
        ThrowIfAnyErrors(409);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE plans SET status = 'closed', closed_at = @now WHERE id = @id",
            new { id = header.Id, now }, transaction, cancellationToken: ct));
        await write.TouchAsync(header, now, ct);
        var after = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        var version = await write.CommitAsync(
            caller.By("plan", header.Id, "closed") with { PlanId = header.Id, Before = new { plan.Status }, After = new { after.Status, after.ClosedAt } }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
