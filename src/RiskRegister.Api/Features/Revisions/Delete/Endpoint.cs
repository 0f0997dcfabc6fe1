using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Revisions.Delete;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The revision's number in the plan.</summary>
    public long Number { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/plans/{id}/revisions/{number}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Discard an open revision: the plan is restored as adopted";
            s.Description = "Discards the open revision: the risks it added are removed, the risks it changed are restored with their activities as adopted (an activity's status, which is follow-up work, stays), and the plan is `adopted` again. The revision stays on record as `discarded`.";
        });
        Description(d => d.NoContent().IfMatch().Problems(404, 409), clearDefaults: true);
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
            ThrowError(r => r.Id, "The plan has changed since you read it.", 412);
        if (revision.State != RevisionState.Open)
            ThrowError(r => r.Number, $"Revision {revision.Number} of plan {header.Id} is {revision.State.ToApi()}: only an open revision is discarded.", 409);
        var copied = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition("""
            SELECT c.risk_id FROM plan_revision_changes c JOIN risks r ON r.copied_from_risk_id = c.risk_id
            WHERE c.plan_id = @planId AND c.number = @number AND c.change = 'added'
            """, new { planId = header.Id, number = revision.Number }, transaction, cancellationToken: ct));
        if (copied is not null)
            ThrowError(r => r.Number, $"Risk {copied}, added by revision {revision.Number}, was carried over into next year's plan; remove it there first.", 409);

        // The risks as the revision left them, for their history.
        var touched = new Dictionary<long, RiskView>();
        foreach (var change in revision.Changes)
            touched[change.RiskId] = (await RiskReader.LoadAsync(connection, transaction, change.RiskId, ct))!.View;
        var now = Clock.Timestamp();
        var (restored, deleted) = await RevisionLedger.RestoreAsync(connection, transaction, header.Id, revision.Number, now, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE plan_revisions SET state = 'discarded', ended_at = @now WHERE plan_id = @planId AND number = @number;
            UPDATE plans SET status = 'adopted' WHERE id = @planId;
            """, new { planId = header.Id, number = revision.Number, now }, transaction, cancellationToken: ct));
        await write.TouchAsync(header, now, ct);

        var entries = new List<HistoryEntry>
        {
            caller.By("plan", header.Id, "revisionDiscarded") with { PlanId = header.Id, Before = new { header.Status, Revision = revision }, After = new { Status = PlanStatus.Adopted } },
        };
        foreach (var id in deleted)
            entries.Add(caller.By("risk", id, "deleted") with { PlanId = header.Id, RiskId = id, Before = touched[id] });
        foreach (var id in restored)
        {
            var after = (await RiskReader.LoadAsync(connection, transaction, id, ct))!.View;
            if (HistoryLog.Changed(touched[id], after) is { } change)
                entries.Add(caller.By("risk", id, "changed") with { PlanId = header.Id, RiskId = id, Before = change.Before, After = change.After });
        }
        await write.CommitAsync(entries, ct);
        await Send.NoContentAsync(ct);
    }
}
