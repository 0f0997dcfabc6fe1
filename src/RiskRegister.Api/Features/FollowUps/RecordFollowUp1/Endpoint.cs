using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.FollowUps.RecordFollowUp1;

public sealed class Endpoint(Db db) : Endpoint<Request, FollowUp1View>
{
    public override void Configure()
    {
        Put("/risks/{id}/follow-ups/1");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record (or correct) uppföljning 1 of a risk of an adopted plan; the response carries score, level and trend";
            s.Description = "Records uppföljning 1 of a risk of an adopted plan: status of the handling, observations, events and a new sannolikhet × konsekvens. Sending it again corrects it. The response carries the new riskvärde, its level and the trend against the adopted value.";
        });
        Description(d => d.Takes<Request>().Ok<FollowUp1View>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await RiskReader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (found is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        var (risk, current) = found;
        if (!ETags.IfMatchAllows(HttpContext, risk.Version))
            ThrowError(r => r.Id, "The risk has changed since you read it.", 412);
        if (FollowUpGate.Refusal(risk) is { } refusal) ThrowError(r => r.Id, refusal, 409);
        if (await Revisions.RevisionLedger.FollowUpRefusalAsync(connection, transaction, risk, ct) is { } revising) ThrowError(r => r.Id, revising, 409);
        foreach (var (field, reason) in FollowUpGate.ScaleErrors(risk.Plan.Scale, req.Probability!.Value, req.Consequence!.Value))
            AddError(new ValidationFailure(field, reason));
        ThrowIfAnyErrors(400);

        var before = current.FollowUp1;
        var now = Clock.Timestamp();
        // The round and, in the same command (one round trip), the plan's note that the round is complete if it now is.
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            riskId = risk.Id, handlingStatus = req.HandlingStatus!.Value.ToApi(), observations = req.Observations!.Trim(),
            events = req.Events!.Trim(), probability = req.Probability, consequence = req.Consequence, now,
            planId = risk.Plan.Id, round = 1,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(risk, now, ct);
        // The new round as stored, built here rather than read back: its trend is against the score adopted latest (read above),
        // and nothing else in the risk's view changed but its version, which the touch moved by one in this transaction.
        var after = FollowUp1View.Of(
            new FollowUp1(req.HandlingStatus!.Value, req.Observations!.Trim(), req.Events!.Trim(), new RiskValue(req.Probability!.Value, req.Consequence!.Value), now),
            risk.Plan.Scale, Trends.Round1Baseline(found.Risk.Adopted, now, found.Risk.Value));
        HistoryEntry entry;
        if (before is null)
            entry = caller.By("followUp1", risk.Id, "recorded") with { PlanId = risk.Plan.Id, RiskId = risk.Id, After = after };
        else if (HistoryLog.Changed(before, after) is { } change)
            entry = caller.By("followUp1", risk.Id, "changed") with { PlanId = risk.Plan.Id, RiskId = risk.Id, Before = change.Before, After = change.After };
        else
        {
            // The same round sent again: rolled back, nothing recorded, the risk's ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, risk.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var version = await write.CommitAsync(entry, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }

    private static readonly string RecordSql = """
        INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
        VALUES (@riskId, @handlingStatus, @observations, @events, @probability, @consequence, @now)
        ON CONFLICT (risk_id) DO UPDATE SET
            handling_status = excluded.handling_status, observations = excluded.observations, events = excluded.events,
            probability = excluded.probability, consequence = excluded.consequence, recorded_at = excluded.recorded_at
        """ + ";\n" + RoundRecords.NoteCompletionSql(1);
}
