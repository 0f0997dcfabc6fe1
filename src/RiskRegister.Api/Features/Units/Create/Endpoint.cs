namespace RiskRegister.Api.Features.Units.Create;

public sealed class Endpoint(Db db) : Endpoint<Request, UnitView>
{
    public override void Configure()
    {
        Post("/units");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Create a unit (nämnd or förvaltning)";
            s.Description = "Creates a nämnd (`board`) or a förvaltning (`administration`, under a nämnd as `parentId`). Names are unique among siblings (`409`).";
        });
        Description(d => d.Takes<Request>().Created<UnitView>().Problems(409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // Names are unique among siblings: two creations of one name, on two instances, are ordered so the second sees the first.
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.UnitNames, ct);
        if (req.ParentId is { } parentId)
        {
            var parentKind = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT kind FROM units WHERE id = @parentId", new { parentId }, transaction, cancellationToken: ct));
            if (parentKind is null) ThrowError(r => r.ParentId, $"No unit {parentId}.", 400);
            if (parentKind != UnitKind.Board.ToApi()) ThrowError(r => r.ParentId, "A parent must be a board (nämnd).", 400);
        }
        // Siblings need names of their own (a nämnd's förvaltningar, or the nämnder themselves): compared trimmed, in
        // NFKC and without case, as a reader would tell them apart.
        var name = TextRules.Name(req.Name);
        var siblings = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM units WHERE parent_id IS NOT DISTINCT FROM @parentId", new { parentId = req.ParentId }, transaction, cancellationToken: ct));
        if (siblings.Any(s => string.Equals(TextRules.Name(s), name, StringComparison.CurrentCultureIgnoreCase)))
            ThrowError(r => r.Name, req.ParentId is null
                ? $"There is already a top-level unit named \"{name}\"."
                : $"Unit {req.ParentId} already has a unit named \"{name}\".", 409);
        var unit = await connection.QuerySingleAsync<UnitView>(new CommandDefinition($"""
            INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, @kind, @parentId, @now)
            RETURNING {UnitView.Columns}
            """, new { name, kind = req.Kind!.Value.ToApi(), parentId = req.ParentId, now = Clock.Timestamp() },
            transaction, cancellationToken: ct));
        await write.CommitAsync(Caller.From(User).By("unit", unit.Id, "created") with { After = unit }, ct);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = unit.Id }, unit, cancellation: ct);
    }
}
