using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Revisions.AdoptRevision;

/// <summary>The nämnd's decision adopting the revision.</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The revision's number in the plan.</summary>
    public long Number { get; set; }
    /// <summary>Date of the decision (YYYY-MM-DD).</summary>
    public DateOnly? Date { get; set; }
    /// <summary>Paragraph in the minutes, e.g. "§ 208".</summary>
    public string? Paragraph { get; set; }
    /// <summary>Case number (diarienummer).</summary>
    public string? CaseNumber { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Date).NotNull();
            RuleFor(x => x.Paragraph).NotEmpty().MaximumLength(50);
            RuleFor(x => x.CaseNumber).NotEmpty().MaximumLength(100);
        }
    }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/revisions/{number}/adoption");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record the nämnd's adoption of an open revision; 409 lists every adoption rule the revised plan breaks";
            s.Description = "Adopts the open revision under the same rules as the plan's first adoption (`409` listing every rule broken, nothing stored). The plan is `adopted` again; its first adoption stays in `decision`, the revision's decision in the revision. The risks the revision added or changed are adopted at their new values (`adoptedScore`).";
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
        var revision = (await RevisionLedger.LoadAsync(connection, transaction, header.Id, ct)).SingleOrDefault(r => r.Number == req.Number);
        if (revision is null) ThrowError(r => r.Number, $"Plan {header.Id} has no revision {req.Number}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it; review it again before adopting.", 412);
        if (revision.State != RevisionState.Open)
            ThrowError(r => r.Number, $"Revision {revision.Number} of plan {header.Id} is {revision.State.ToApi()}: only an open revision is adopted.", 409);
        var before = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        foreach (var issue in before.AdoptionIssues)
            AddError(new ValidationFailure(issue.Field, issue.Reason));
        ThrowIfAnyErrors(409);

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE plan_revisions SET state = 'adopted', ended_at = @now, decision_date = @date, decision_paragraph = @paragraph, decision_case_number = @caseNumber
            WHERE plan_id = @planId AND number = @number;
            UPDATE plans SET status = 'adopted' WHERE id = @planId;
            """, new { planId = header.Id, number = revision.Number, now, date = req.Date!.Value, paragraph = req.Paragraph!.Trim(), caseNumber = req.CaseNumber!.Trim() },
            transaction, cancellationToken: ct));
        await RevisionLedger.AdoptAsync(connection, transaction, header.Id, revision.Number, now, ct);
        await write.TouchAsync(header, now, ct);
        var after = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, ct))!;
        var adopted = (await RevisionLedger.LoadAsync(connection, transaction, header.Id, ct)).Single(r => r.Number == revision.Number);
        var version = await write.CommitAsync(
            caller.By("plan", header.Id, "revised") with { PlanId = header.Id, Before = new { before.Status }, After = new { after.Status, Revision = adopted } }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
