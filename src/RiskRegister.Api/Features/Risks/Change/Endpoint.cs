namespace RiskRegister.Api.Features.Risks.Change;

public sealed class Endpoint(Db db) : Endpoint<Request, RiskView>
{
    public override void Configure()
    {
        Patch("/risks/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Change a risk of a draft plan (send If-Match with the risk's ETag to avoid overwriting someone else's change)";
            s.Description = "Changes the given fields of a risk of a draft plan; fields left out stay, an empty string clears an optional text. `consequences` replaces the values per consequence area (`{}` drops them); `consequence` is then their maximum. Send the risk's `ETag` as `If-Match` so a change made meanwhile is not overwritten (`412`).";
        });
        Description(d => d.Takes<Request>().Ok<RiskView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var found = await RiskReader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (found is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        var (header, before) = found;
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The risk has changed since you read it; read it again and reapply your change.", 412);
        if (header.Plan.Status is not (PlanStatus.Draft or PlanStatus.Revising))
            ThrowError(r => r.Id, $"Plan {header.Plan.Id} is {header.Plan.Status.ToApi()}: its risk assessment is frozen. Record changes as follow-ups, or open a revision.", 409);
        var scale = header.Plan.Scale;
        if (req.Probability is { } p && !scale.Contains(p))
            AddError(r => r.Probability, $"Probability must be between 1 and {scale.Size} on this plan's scale.");
        if (req.Consequence is { } c && !scale.Contains(c))
            AddError(r => r.Consequence, $"Consequence must be between 1 and {scale.Size} on this plan's scale.");
        foreach (var (index, reason) in await Goals.GoalLinks.ProblemsAsync(connection, transaction, header.Plan.UnitId, req.GoalIds ?? [], ct))
            AddError(new ValidationFailure($"goalIds[{index}]", reason));
        var (assessed, problems) = ConsequenceRules.Resolve(scale, req.Consequence, req.Consequences,
            new ConsequenceRules.Assessed(found.Risk.Value.Consequence, found.Risk.Consequences));
        foreach (var (field, reason) in problems) AddError(new ValidationFailure(field, reason));
        ThrowIfAnyErrors(400);

        await Revisions.RevisionLedger.NoteChangedAsync(connection, transaction, header.Plan, req.Id, ct);
        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE risks SET
                title = COALESCE(@title, title),
                description = COALESCE(@description, description),
                probability = COALESCE(@probability, probability),
                consequence = @consequence, consequences = @consequences,
                handling_method = COALESCE(@handlingMethod, handling_method),
                motivation = CASE WHEN @motivationSent THEN @motivation ELSE motivation END,
                category = CASE WHEN @categorySent THEN @category ELSE category END,
                owner = CASE WHEN @ownerSent THEN @owner ELSE owner END,
                goal = CASE WHEN @goalSent THEN @goal ELSE goal END
            WHERE id = @id
            """, new
        {
            id = req.Id, title = req.Title?.Trim(), description = req.Description?.Trim(),
            probability = req.Probability, consequence = assessed!.Consequence, consequences = RiskReader.WriteConsequences(assessed.Areas), handlingMethod = req.HandlingMethod?.ToApi(),
            motivationSent = req.Motivation is not null, motivation = Text.OrNull(req.Motivation),
            categorySent = req.Category is not null, category = Text.OrNull(req.Category),
            ownerSent = req.Owner is not null, owner = Text.OrNull(req.Owner),
            goalSent = req.Goal is not null, goal = Text.OrNull(req.Goal),
        }, transaction, cancellationToken: ct));
        if (req.GoalIds is { } goalIds) await Goals.GoalLinks.ReplaceAsync(connection, transaction, Goals.GoalLinks.Kind.Risk, req.Id, goalIds, ct);
        await write.TouchAsync(header, now, ct);
        var after = (await RiskReader.LoadAsync(connection, transaction, req.Id, ct))!.View;
        if (HistoryLog.Changed(before, after) is not { } change)
        {
            // Nothing changed: the transaction rolls back, so no history row, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, header.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var version = await write.CommitAsync(
            caller.By("risk", req.Id, "changed") with { PlanId = header.Plan.Id, RiskId = req.Id, Before = change.Before, After = change.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }
}
