using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Features.Plans.Change;

/// <summary>Corrects a plan's title and texts while they may still change: a mistyped title, a missing introduction.</summary>
public sealed class Endpoint(Db db, AdoptionPolicy adoption, IOptions<PlanSettings> settings) : Endpoint<Request, PlanView>
{
    /// <summary>
    /// The statuses in which the plan's texts change: a draft's. (An adopted plan's texts are what the nämnd adopted; an
    /// open revision, when plans have one, joins this list.)
    /// </summary>
    internal static readonly PlanStatus[] TextsChangeIn = [PlanStatus.Draft];

    public override void Configure()
    {
        Patch("/plans/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Change a draft plan's title, document title and texts (send If-Match with the plan's ETag)";
            s.Description = "Changes the given fields of a draft plan: `title`, `documentTitle`, `introduction`, `process`, `followUpDecision`. Fields left out stay; an empty string removes a text (and gives `documentTitle` the configured `Plans:DocumentTitle`). `409` once the plan is adopted; `412` when it changed since it was read.";
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
            ThrowError(r => r.Id, "The plan has changed since you read it; read it again and reapply your change.", 412);
        if (!TextsChangeIn.Contains(header.Status))
            ThrowError(r => r.Id, $"Plan {req.Id} is {header.Status.ToApi()}: its title and texts are those the nämnd adopted.", 409);
        var before = (await PlanView.LoadAsync(connection, transaction, req.Id, adoption, Disclosure.Full, ct))!;

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE plans SET
                title = CASE WHEN @titleSent THEN @title ELSE title END,
                document_title = COALESCE(@documentTitle, document_title),
                introduction = CASE WHEN @introductionSent THEN @introduction ELSE introduction END,
                process = CASE WHEN @processSent THEN @process ELSE process END,
                follow_up_decision = CASE WHEN @followUpDecisionSent THEN @followUpDecision ELSE follow_up_decision END
            WHERE id = @id
            """, new
        {
            id = req.Id,
            titleSent = req.Title is not null, title = Text.OrNull(req.Title),
            documentTitle = req.DocumentTitle is null ? null : Text.OrNull(req.DocumentTitle) ?? settings.Value.DocumentTitle.Trim(),
            introductionSent = req.Introduction is not null, introduction = Text.OrNull(req.Introduction),
            processSent = req.Process is not null, process = Text.OrNull(req.Process),
            followUpDecisionSent = req.FollowUpDecision is not null, followUpDecision = Text.OrNull(req.FollowUpDecision),
        }, transaction, cancellationToken: ct));
        var changed = Changes(before, (await PlanView.LoadAsync(connection, transaction, req.Id, adoption, Disclosure.Full, ct))!);
        if (changed.Before.Count == 0)
        {
            // Nothing changed: the transaction rolls back, so no history row, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, header.Version);
            await Send.OkAsync((await ReadAsync(req.Id, caller, ct))!, ct);
            return;
        }
        await write.TouchAsync(header, Clock.Timestamp(), ct);
        var version = await write.CommitAsync(caller.By("plan", req.Id, "changed") with { PlanId = req.Id, Before = changed.Before, After = changed.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync((await ReadAsync(req.Id, caller, ct))!, ct);
    }

    private async Task<PlanView?> ReadAsync(long id, Caller caller, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await PlanView.LoadAsync(connection, null, id, adoption, caller.Disclosure, ct);
    }

    /// <summary>The fields of the plan's own that differ, as they were and as they are.</summary>
    internal static (Dictionary<string, string?> Before, Dictionary<string, string?> After) Changes(PlanView before, PlanView after)
    {
        var (was, now) = (new Dictionary<string, string?>(), new Dictionary<string, string?>());
        void Compare(string name, string? a, string? b)
        {
            if (string.Equals(a, b, StringComparison.Ordinal)) return;
            was[name] = a;
            now[name] = b;
        }
        Compare("title", before.Title, after.Title);
        Compare("documentTitle", before.DocumentTitle, after.DocumentTitle);
        Compare("introduction", before.Introduction, after.Introduction);
        Compare("process", before.Process, after.Process);
        Compare("followUpDecision", before.FollowUpDecision, after.FollowUpDecision);
        return (was, now);
    }
}
