namespace RiskRegister.Api.Features.Units.Change;

/// <summary>
/// Renames a unit, moves it elsewhere in the tree or sets its external id. Its plans stay its own (they follow the unit,
/// not its place); a move is checked against the tree's rules (<see cref="UnitTree"/>): kinds, cycles and depth; and against
/// the goal rules: nothing in the subtree may be left linking to a goal of a unit no longer above it (<see cref="GoalRules.MoveProblem"/>).
/// </summary>
public sealed class Endpoint(Db db, ApiKeyCache keys) : Endpoint<Request, UnitView>
{
    public override void Configure()
    {
        Patch("/units/{id}");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Rename a unit, move it in the tree, or set its external id (send If-Match with the unit's ETag)";
            s.Description = "Changes the given fields of a unit; fields left out stay, an empty `externalId` removes it. Its plans stay with it. `409` for a department under a nämnd, a cycle (a unit under itself or its own descendant), a tree deeper than 5 levels, a move that would leave a risk, control or goal in the subtree linked to a goal of a unit no longer above it (the problem names each link, as deleting a goal in use does), a name a sibling has or an `externalId` another unit has; `412` when the unit changed since it was read.";
        });
        Description(d => d.Takes<Request>().Ok<UnitView>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // The tree and the names change one write at a time (as creating a unit).
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.UnitNames, ct);
        var before = await connection.QuerySingleOrDefaultAsync<UnitView>(new CommandDefinition(
            $"SELECT {UnitView.Columns} FROM units WHERE id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        if (before is null) ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, before.Version))
            ThrowError(r => r.Id, "The unit has changed since you read it; read it again and reapply your change.", 412);

        var parentId = req.ParentId ?? before.ParentId;
        if (req.ParentId is { } newParent && newParent != before.ParentId)
        {
            var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
            if (tree.Find(newParent) is null) ThrowError(r => r.ParentId, $"No unit {newParent}.", 400);
            if (tree.PlacementProblem(req.Id, before.Kind, newParent) is { } placement) ThrowError(r => r.ParentId, placement, 409);
            if (GoalRules.MoveProblem(tree, req.Id, newParent, await GoalsAroundAsync(connection, transaction, tree, req.Id, ct),
                    await GoalLinksBelowAsync(connection, transaction, tree, req.Id, ct)) is { } links)
                ThrowError(r => r.ParentId, links, 409);
        }
        var name = req.Name?.Trim() ?? before.Name;
        if (!string.Equals(name, before.Name, StringComparison.Ordinal) || parentId != before.ParentId)
        {
            var siblings = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT name FROM units WHERE parent_id IS NOT DISTINCT FROM @parentId AND id <> @id", new { parentId, id = req.Id }, transaction, cancellationToken: ct));
            if (siblings.Any(s => string.Equals(s.Trim(), name, StringComparison.CurrentCultureIgnoreCase)))
                ThrowError(r => r.Name!, parentId is null
                    ? $"There is already a top-level unit named \"{name}\"."
                    : $"Unit {parentId} already has a unit named \"{name}\".", 409);
        }
        var externalId = req.ExternalId is null ? before.ExternalId : Text.OrNull(req.ExternalId);
        if (await Create.Endpoint.ExternalIdTakenAsync(connection, transaction, externalId, req.Id, ct) is { } taken)
            ThrowError(r => r.ExternalId!, taken, 409);

        if (name == before.Name && parentId == before.ParentId && externalId == before.ExternalId)
        {
            // Nothing changed: no history, no new version, the same ETag.
            await write.DisposeAsync();
            ETags.Set(HttpContext, before.Version);
            await Send.OkAsync(before, ct);
            return;
        }
        var after = await connection.QuerySingleAsync<UnitView>(new CommandDefinition($"""
            UPDATE units SET name = @name, parent_id = @parentId, external_id = @externalId, version = version + 1
            WHERE id = @id
            RETURNING {UnitView.Columns}
            """, new { id = req.Id, name, parentId, externalId }, transaction, cancellationToken: ct));
        write.Touched(after.Version);
        var moved = parentId != before.ParentId;
        // A move changes which units a registrator above covers: every instance's keys' cache learns the tree again.
        if (moved) await ClientChangeListener.NotifyAsync(connection, transaction, ct);
        var version = await write.CommitAsync(Caller.From(User).By("unit", req.Id, "changed") with
        {
            Before = new { before.Name, before.ParentId, before.ExternalId },
            After = new { after.Name, after.ParentId, after.ExternalId },
        }, ct);
        if (moved) keys.Invalidate();
        ETags.Set(HttpContext, version);
        await Send.OkAsync(after, ct);
    }

    /// <summary>The goals a move of <paramref name="unitId"/> can part from what links to them: those of its subtree and of the units above it.</summary>
    private static async Task<List<UnitGoal>> GoalsAroundAsync(IDbConnection connection, IDbTransaction transaction, UnitTree tree, long unitId, CancellationToken ct) =>
        await Goals.GoalReader.OfUnitsAsync(connection, transaction, [.. tree.Subtree(unitId), .. tree.Ancestors(unitId).Select(u => u.Id)], ct);

    /// <summary>The links of the risks and controls of every plan in <paramref name="unitId"/>'s subtree to goals.</summary>
    private static async Task<List<GoalLink>> GoalLinksBelowAsync(IDbConnection connection, IDbTransaction transaction, UnitTree tree, long unitId, CancellationToken ct)
    {
        var units = tree.Subtree(unitId).ToArray();
        var rows = await connection.QueryAsync<(string Kind, long Id, long PlanId, long UnitId, long GoalId)>(new CommandDefinition($"""
            SELECT 'risk', r.id, r.plan_id, p.unit_id, rg.goal_id
            FROM risk_goals rg JOIN risks r ON r.id = rg.risk_id JOIN plans p ON p.id = r.plan_id
            WHERE {SqlDialect.InList(connection, "p.unit_id", "@units")}
            UNION ALL
            SELECT 'control', c.id, c.plan_id, p.unit_id, cg.goal_id
            FROM control_goals cg JOIN controls c ON c.id = cg.control_id JOIN plans p ON p.id = c.plan_id
            WHERE {SqlDialect.InList(connection, "p.unit_id", "@units")}
            """, new { units }, transaction, cancellationToken: ct));
        return rows.Select(r => new GoalLink(r.Kind == "risk" ? GoalLinkKind.Risk : GoalLinkKind.Control, r.Id, r.PlanId, r.UnitId, r.GoalId)).ToList();
    }
}
