namespace RiskRegister.Api.Features.Clients.Create;

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/clients");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Create an API client; its key is in the response, once";
            s.Description = "Creates an API client with a role (`admin`, `registrator` scoped to `unitIds`, `auditor`, `system`). The response carries the key this once; only its SHA-256 hash is stored.";
        });
        Description(d => d.Takes<Request>().Created<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var unitIds = (req.UnitIds ?? []).Distinct().ToArray();
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        if (unitIds.Length > 0)
        {
            // A unit of any kind: a registrator's units cover their subtrees (a nämnd's registrator writes the nämnd's own plan).
            var units = (await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT id FROM units WHERE {SqlDialect.InList(connection, "id", "@unitIds")}", new { unitIds }, transaction, cancellationToken: ct))).ToHashSet();
            foreach (var missing in unitIds.Where(id => !units.Contains(id)))
                AddError(r => r.UnitIds, $"No unit {missing}.");
            ThrowIfAnyErrors(400);
        }

        var key = ApiKeys.Generate();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO clients (name, role, key_hash, created_at) VALUES (@name, @role, @hash, @now)
            RETURNING id
            """, new { name = req.Name.Trim(), role = req.Role!.Value.ToApi(), hash = ApiKeys.Hash(key), now = Clock.Timestamp() },
            transaction, cancellationToken: ct));
        foreach (var unitId in unitIds)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO client_units (client_id, unit_id) VALUES (@id, @unitId)", new { id, unitId }, transaction, cancellationToken: ct));
        var client = (await ClientView.LoadOneAsync(connection, transaction, id, ct))!;
        // The view has neither key nor hash, so history never holds either.
        await write.CommitAsync(Caller.From(User).By("client", id, "created") with { After = client }, ct);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, Response.From(client, key), cancellation: ct);
    }
}
