namespace RiskRegister.Api.Features.Plans.Close;

/// <summary>Closure, with the nämnd's decision on it if there is one (all three of date, paragraph and case number, or none).</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>Date of the nämnd's decision closing the plan (YYYY-MM-DD).</summary>
    public DateOnly? Date { get; set; }
    /// <summary>Paragraph in the minutes, e.g. "§ 12".</summary>
    public string? Paragraph { get; set; }
    /// <summary>Case number (diarienummer).</summary>
    public string? CaseNumber { get; set; }

    internal bool HasDecision => Date is not null || Paragraph is not null || CaseNumber is not null;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            // A decision is given whole or not at all.
            RuleFor(x => x.Date).NotNull().When(x => x.HasDecision).WithMessage("A closure decision needs its date, with the paragraph and case number.");
            RuleFor(x => x.Paragraph).NotEmpty().MaximumLength(50).When(x => x.HasDecision);
            RuleFor(x => x.CaseNumber).NotEmpty().MaximumLength(100).When(x => x.HasDecision);
        }
    }
}

/// <summary>The decision is optional: an empty body, even one labelled JSON, is a closure without one (not a JSON error).</summary>
internal sealed class EmptyBodyBinder : RequestBinder<Request>
{
    public override ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        // No body at all (curl -X POST with a JSON header and no -d) or an empty one.
        var request = ctx.HttpContext.Request;
        var noBody = request.ContentLength == 0
            || ctx.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        if (noBody) request.ContentType = null;
        return base.BindAsync(ctx, ct);
    }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption, TimeProvider time, Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/closure");
        Roles(Role.Writers);
        RequestBinder(new EmptyBodyBinder());
        Summary(s =>
        {
            s.Summary = "Close an adopted plan once uppföljning 2 is recorded for every risk; 409 lists the risks still missing it";
            s.Description = "Closes an adopted plan when every risk has uppföljning 2; `409` lists the risks still missing it (and refuses while a revision is open). Optionally with the nämnd's decision (`date`, `paragraph`, `caseNumber`), shown as `closureDecision`. A closed plan changes no more.";
        });
        Description(d => d.TakesOptionally<Request>().Ok<PlanView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
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
            ThrowError(new ValidationFailure("id", header.Status switch
            {
                PlanStatus.Draft => $"Plan {header.Id} is a draft: it must be adopted and followed up before it is closed.",
                PlanStatus.Revising => $"Plan {header.Id} is revising: adopt or discard the open revision before closing the plan.",
                _ => $"Plan {header.Id} is already closed.",
            }), 409);
        var plan = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        for (var i = 0; i < plan.Risks.Count; i++)
            if (plan.Risks[i].FollowUp2 is null)
                AddError(new ValidationFailure($"risks[{i}].followUp2", $"Risk {plan.Risks[i].Id} \"{plan.Risks[i].Title}\" has no uppföljning 2."));
        ThrowIfAnyErrors(409);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE plans SET status = 'closed', closed_at = @now, closure_date = @date, closure_paragraph = @paragraph, closure_case_number = @caseNumber
            WHERE id = @id
            """, new { id = header.Id, now, date = req.Date, paragraph = req.Paragraph?.Trim(), caseNumber = req.CaseNumber?.Trim() }, transaction, cancellationToken: ct));
        await write.TouchAsync(header, now, ct);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var after = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, new FollowUps.RoundDays(followUps.Value, today), ct))!;
        var version = await write.CommitAsync(
            caller.By("plan", header.Id, "closed") with { PlanId = header.Id, Before = new { plan.Status }, After = new { after.Status, after.ClosedAt, after.ClosureDecision } }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
