using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.FollowUps.RecordFollowUp2;

public sealed class Endpoint(Db db) : Endpoint<Request, FollowUp2View>
{
    public override void Configure()
    {
        Put("/risks/{id}/follow-ups/2");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record (or correct) uppföljning 2 of a risk, ending in the slutligt riskvärde; requires uppföljning 1";
            s.Description = "Records uppföljning 2, at year end: the result, improvement areas, the final motivation and the slutligt riskvärde. Needs uppföljning 1 (`409` otherwise). The trend compares with uppföljning 1.";
        });
        Description(d => d.Takes<Request>().Ok<FollowUp2View>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
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
        // The cycle runs in order: the year-end follow-up builds on the interim one.
        if (current.FollowUp1 is null)
            ThrowError(r => r.Id, $"Risk {risk.Id} has no uppföljning 1 yet; record it first.", 409);
        foreach (var (field, reason) in FollowUpGate.ScaleErrors(risk.Plan.Scale, req.Probability!.Value, req.Consequence!.Value))
            AddError(new ValidationFailure(field, reason));
        ThrowIfAnyErrors(400);

        var now = Clock.Timestamp();
        // The round and, in the same command (one round trip), the plan's note that the round is complete if it now is.
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            riskId = risk.Id, result = req.Result!.Trim(), improvementAreas = (req.ImprovementAreas ?? "").Trim(),
            finalMotivation = req.FinalMotivation!.Trim(), probability = req.Probability, consequence = req.Consequence, now,
            planId = risk.Plan.Id, round = 2,
        }, transaction, cancellationToken: ct));
        await write.TouchAsync(risk, now, ct);
        var after = (await RiskReader.LoadAsync(connection, transaction, risk.Id, ct))!.View;
        HistoryEntry entry;
        if (current.FollowUp2 is null)
            entry = caller.By("followUp2", risk.Id, "recorded") with { PlanId = risk.Plan.Id, RiskId = risk.Id, After = after.FollowUp2 };
        else if (HistoryLog.Changed(current.FollowUp2, after.FollowUp2!) is { } change)
            entry = caller.By("followUp2", risk.Id, "changed") with { PlanId = risk.Plan.Id, RiskId = risk.Id, Before = change.Before, After = change.After };
        else
        {
            // The same round sent again: rolled back, nothing recorded, the risk's ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, risk.Version);
            await Send.OkAsync(current.FollowUp2, ct);
            return;
        }
        var version = await write.CommitAsync(entry, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after.FollowUp2!, ct);
    }

    private static readonly string RecordSql = """
        INSERT INTO follow_ups_2 (risk_id, result, improvement_areas, final_motivation, probability, consequence, recorded_at)
        VALUES (@riskId, @result, @improvementAreas, @finalMotivation, @probability, @consequence, @now)
        ON CONFLICT (risk_id) DO UPDATE SET
            result = excluded.result, improvement_areas = excluded.improvement_areas, final_motivation = excluded.final_motivation,
            probability = excluded.probability, consequence = excluded.consequence, recorded_at = excluded.recorded_at
        """ + ";\n" + RoundRecords.NoteCompletionSql(2);
}
