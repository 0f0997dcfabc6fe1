using RiskRegister.Api.Features.Units;

namespace RiskRegister.Api.Features.Goals.Change;

/// <summary>The fields to change; fields left out stay. An empty string clears an optional text.</summary>
public sealed class Request
{
    /// <summary>The goal's id.</summary>
    public long Id { get; set; }
    /// <summary>The goal.</summary>
    public string? Title { get; set; }
    /// <summary>More about the goal; an empty string clears it.</summary>
    public string? Description { get; set; }
    /// <summary>The goal's code where the region keeps its goals; an empty string clears it.</summary>
    public string? ExternalRef { get; set; }
    /// <summary>The goal above (of the same unit or a unit above it); 0 places the goal at the top.</summary>
    public long? ParentId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(RiskRegister.Api.Features.Risks.TextLimits.Title).SingleLine().When(x => x.Title is not null);
            RuleFor(x => x.Description).MaximumLength(RiskRegister.Api.Features.Risks.TextLimits.Text);
            RuleFor(x => x.ExternalRef).MaximumLength(100).SingleLine();
            RuleFor(x => x.ParentId).GreaterThanOrEqualTo(0);
        }
    }
}

public sealed class Endpoint(Db db) : Endpoint<Request, GoalView>
{
    public override void Configure()
    {
        Patch("/goals/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Change a goal";
            s.Description = "Changes the given fields of a goal; `parentId: 0` places it at the top. A goal cannot stand under itself or one of its subgoals (`400`). The links of risks and controls stay. `If-Match` takes the goal's ETag.";
        });
        Description(d => d.Takes<Request>().Ok<GoalView>().WithETag().IfMatch().Problems(403, 404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var goal = await GoalReader.LoadAsync(connection, transaction, req.Id, ct);
        if (goal is null) ThrowError(r => r.Id, $"No goal {req.Id}.", 404);
        if (GoalAccess.Refusal(caller, goal.UnitId) is { } refusal) ThrowError(r => r.Id, refusal, 403);
        if (!ETags.IfMatchAllows(HttpContext, goal.Version))
            ThrowError(r => r.Id, "The goal has changed since you read it; read it again and reapply your change.", 412);
        var parentId = req.ParentId is null ? goal.ParentId : req.ParentId > 0 ? req.ParentId : null;
        if (parentId is { } newParent && newParent != goal.ParentId)
        {
            var parent = await GoalReader.LoadAsync(connection, transaction, newParent, ct);
            if (parent is null) ThrowError(r => r.ParentId!, $"No goal {newParent}.", 400);
            var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
            // A goal's subgoals stand in its unit or below it: read them there to find a cycle.
            var below = await GoalReader.OfUnitsAsync(connection, transaction, tree.Subtree(goal.UnitId).ToList(), ct);
            if (GoalRules.ParentProblem(tree, goal.UnitId, goal.Id, parent, below) is { } placement) ThrowError(r => r.ParentId!, placement, 400);
        }
        var externalRef = req.ExternalRef is null ? goal.ExternalRef : Text.OrNull(req.ExternalRef);
        if (await Create.Endpoint.ExternalRefTakenAsync(connection, transaction, goal.UnitId, externalRef, goal.Id, ct) is { } taken)
            ThrowError(r => r.ExternalRef!, taken, 409);

        var after = goal with
        {
            Title = req.Title?.Trim() ?? goal.Title,
            Description = req.Description is null ? goal.Description : Text.OrNull(req.Description),
            ExternalRef = externalRef, ParentId = parentId,
        };
        var before = GoalView.Of(goal);
        if (HistoryLog.Changed(before, GoalView.Of(after)) is not { } change)
        {
            // Nothing changed: no history, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, goal.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE goals SET title = @Title, description = @Description, external_ref = @ExternalRef, parent_id = @ParentId,
                version = version + 1, updated_at = @now
            WHERE id = @Id
            """, new { after.Id, after.Title, after.Description, after.ExternalRef, after.ParentId, now = Clock.Timestamp() }, transaction, cancellationToken: ct));
        var stored = (await GoalReader.LoadAsync(connection, transaction, goal.Id, ct))!;
        write.Touched(stored.Version);
        var version = await write.CommitAsync(caller.By("goal", goal.Id, "changed") with { Before = change.Before, After = change.After }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(GoalView.Of(stored), ct);
    }
}
