namespace RiskRegister.Api.Features.Plans.Adopt;

public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/adoption");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record the nämnd's adoption of a draft plan; 409 lists every adoption rule the plan breaks";
            s.Description = "Records the nämnd's decision (date, paragraph, case number) adopting a draft plan. Refused with `409` listing every adoption rule the plan breaks (the same list a draft shows as `adoptionIssues`); nothing is stored then.";
        });
        Description(d => d.Takes<Request>().Ok<PlanView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var header = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (header is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it; review it again before adopting.", 412);
        if (header.Status == PlanStatus.Revising)
            ThrowError(r => r.Id, $"Plan {header.Id} is adopted and revising: adopt the open revision (POST /plans/{header.Id}/revisions/{{number}}/adoption).", 409);
        if (header.Status != PlanStatus.Draft)
            ThrowError(r => r.Id, $"Plan {header.Id} is already {header.Status.ToApi()}.", 409);
        var before = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        foreach (var issue in before.AdoptionIssues)
            AddError(new ValidationFailure(issue.Field, issue.Reason));
        ThrowIfAnyErrors(409);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE plans SET status = 'adopted', decision_date = @date, decision_paragraph = @paragraph,
                             decision_case_number = @caseNumber, activities_required_for = @rule
            WHERE id = @id
            """, new { id = header.Id, date = req.Date!.Value, paragraph = req.Paragraph!.Trim(), caseNumber = req.CaseNumber!.Trim(), rule = adoption.ToText() },
            transaction, cancellationToken: ct));
        await Revisions.RevisionLedger.AdoptPlanAsync(connection, transaction, header.Id, now, ct);
        await write.TouchAsync(header, now, ct);
        var after = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        var version = await write.CommitAsync(
            caller.By("plan", header.Id, "adopted") with { PlanId = header.Id, Before = new { before.Status }, After = new { after.Status, after.Decision } }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
