namespace RiskRegister.Api.Features.Risks.Secrecy;

/// <summary>The legal ground for keeping the risk's information secret, and a note for the menprövning.</summary>
public sealed class MarkRequest
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>The legal ground under offentlighets- och sekretesslagen, e.g. "OSL 18 kap. 8 §".</summary>
    public string? Ground { get; set; }
    /// <summary>Why the ground applies, for whoever tries a request for the plan (menprövning). Never leaves a redacted risk.</summary>
    public string? Note { get; set; }

    internal sealed class Validator : Validator<MarkRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Ground).NotEmpty().MaximumLength(TextLimits.Short);
            RuleFor(x => x.Note).MaximumLength(TextLimits.Text);
        }
    }
}

/// <summary>Marks a risk as holding information that may be secret, in any plan status.</summary>
public sealed class Mark(Db db) : SecrecyEndpoint<MarkRequest>(db)
{
    public override void Configure()
    {
        Put("/risks/{id}/secrecy");
        Roles(RiskRegister.Api.Auth.Roles.Writers);
        Summary(s =>
        {
            s.Summary = "Mark a risk as holding information that may be secret under offentlighets- och sekretesslagen, with its legal ground";
            s.Description = "Marks (or re-marks) the risk with its legal ground, e.g. `OSL 18 kap. 8 §`, and an optional note, in any plan status. System clients, webhooks and the public excerpt then get the risk redacted: title `Sekretessmarkerad risk`, no other text, the ground kept. Send the risk's `ETag` as `If-Match`. Marking again with the same ground and note changes nothing.";
        });
        Description(d => d.Takes<MarkRequest>().Ok<RiskView>().WithETag().IfMatch().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(MarkRequest req, CancellationToken ct)
    {
        var ground = req.Ground!.Trim();
        var note = Text.OrNull(req.Note);
        await ApplyAsync(req.Id, current => current is { } mark && mark.Ground == ground && mark.Note == note
            ? null
            : (ground, note), ct);
    }
}

/// <summary>Removes a risk's secrecy marking.</summary>
public sealed class UnmarkRequest
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
}

public sealed class Unmark(Db db) : SecrecyEndpoint<UnmarkRequest>(db)
{
    public override void Configure()
    {
        Delete("/risks/{id}/secrecy");
        Roles(RiskRegister.Api.Auth.Roles.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a risk's secrecy marking";
            s.Description = "Removes the marking, in any plan status: every reader then gets the risk in full. Send the risk's `ETag` as `If-Match`. A risk without a marking is answered as it is.";
        });
        Description(d => d.Ok<RiskView>().WithETag().IfMatch().Problems(404), clearDefaults: true);
    }

    public override Task HandleAsync(UnmarkRequest req, CancellationToken ct) =>
        ApplyAsync(req.Id, current => current is null ? null : (null, null), ct);
}

/// <summary>The one write both operations make: set or clear the marking, with If-Match and history.</summary>
public abstract class SecrecyEndpoint<TRequest>(Db db) : Endpoint<TRequest, RiskView> where TRequest : notnull
{
    /// <summary>Sets what <c>decide</c> answers from the current marking: (ground, note) to store (ground null: unmarked), or null when nothing changes.</summary>
    protected async Task ApplyAsync(long riskId, Func<SecrecyMark?, (string? Ground, string? Note)?> decide, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await RiskReader.LoadVisibleAsync(connection, transaction, riskId, caller, ct);
        if (found is null) ThrowError($"No risk {riskId}.", 404);
        var (header, before) = found;
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError("The risk has changed since you read it; read it again and reapply your change.", 412);
        if (decide(found.Risk.Secrecy) is not { } marking)
        {
            // Nothing changes: no history row, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, header.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE risks SET secrecy_ground = @ground, secrecy_note = @note,
                             secrecy_marked_at = @markedAt, secrecy_marked_by = @markedBy
            WHERE id = @id
            """, new
        {
            id = riskId, ground = marking.Ground, note = marking.Note,
            markedAt = marking.Ground is null ? null : now, markedBy = marking.Ground is null ? null : caller.Name,
        }, transaction, cancellationToken: ct));
        await RiskHeader.TouchAsync(connection, transaction, header, now, ct);
        var after = (await RiskReader.LoadAsync(connection, transaction, riskId, ct))!.View;
        var change = HistoryLog.Changed(before, after)!.Value;
        await HistoryLog.RecordAsync(connection, transaction,
            caller.By("risk", riskId, "secrecyChanged") with { PlanId = header.Plan.Id, RiskId = riskId, Before = change.Before, After = change.After }, ct);
        await transaction.CommitAsync(ct);
        await write.DisposeAsync();   // the writer's turn ends here, not after a slow client has read the answer
        ETags.Set(HttpContext, after.Version);
        await Send.OkAsync(after, ct);
    }
}
