namespace RiskRegister.Api.Features.Units.Create;

public sealed class Endpoint(Db db, ApiKeyCache keys) : Endpoint<Request, UnitView>
{
    public override void Configure()
    {
        Post("/units");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Create a unit (nämnd, förvaltning or department)";
            s.Description = "Creates a nämnd (`board`), a förvaltning (`administration`, under a nämnd as `parentId`) or a department (`department`: verksamhetsområde, område, enhet, under a förvaltning or a department). The tree is at most 5 levels deep. `409` for a department under a nämnd, a tree too deep, a name its siblings have or an `externalId` another unit has.";
        });
        Description(d => d.Takes<Request>().Created<UnitView>().WithETag().Problems(409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // Names are unique among siblings: two creations of one name, on two instances, are ordered so the second sees the first.
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.UnitNames, ct);
        var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
        if (req.ParentId is { } parentId && tree.Find(parentId) is null) ThrowError(r => r.ParentId, $"No unit {parentId}.", 400);
        if (tree.PlacementProblem(null, req.Kind!.Value, req.ParentId) is { } placement) ThrowError(r => r.ParentId, placement, 409);
        var externalId = req.ExternalId?.Trim();
        if (await ExternalIdTakenAsync(connection, transaction, externalId, null, ct) is { } taken) ThrowError(r => r.ExternalId!, taken, 409);
        // Siblings need names of their own (a nämnd's förvaltningar, or the nämnder themselves): compared trimmed and
        // without case, as a reader would tell them apart.
        var name = req.Name.Trim();
        var siblings = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM units WHERE parent_id IS NOT DISTINCT FROM @parentId", new { parentId = req.ParentId }, transaction, cancellationToken: ct));
        if (siblings.Any(s => string.Equals(s.Trim(), name, StringComparison.CurrentCultureIgnoreCase)))
            ThrowError(r => r.Name, req.ParentId is null
                ? $"There is already a top-level unit named \"{name}\"."
                : $"Unit {req.ParentId} already has a unit named \"{name}\".", 409);
        var unit = await connection.QuerySingleAsync<UnitView>(new CommandDefinition($"""
            INSERT INTO units (name, kind, parent_id, external_id, created_at) VALUES (@name, @kind, @parentId, @externalId, @now)
            RETURNING {UnitView.Columns}
            """, new { name, kind = req.Kind!.Value.ToApi(), parentId = req.ParentId, externalId, now = Clock.Timestamp() },
            transaction, cancellationToken: ct));
        // A registrator of a unit above covers the new one: the keys' cache learns the tree again.
        await ClientChangeListener.NotifyAsync(connection, transaction, ct);
        await write.CommitAsync(Caller.From(User).By("unit", unit.Id, "created") with { After = unit }, ct);
        keys.Invalidate();
        ETags.Set(HttpContext, unit.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = unit.Id }, unit, cancellation: ct);
    }

    /// <summary>Why <paramref name="externalId"/> cannot be given (another unit has it), or null.</summary>
    internal static async Task<string?> ExternalIdTakenAsync(IDbConnection connection, IDbTransaction transaction, string? externalId, long? unitId, CancellationToken ct)
    {
        if (externalId is null) return null;
        var holder = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM units WHERE external_id = @externalId", new { externalId }, transaction, cancellationToken: ct));
        return holder is { } other && other != unitId ? $"Unit {other} already has externalId \"{externalId}\"." : null;
    }
}
