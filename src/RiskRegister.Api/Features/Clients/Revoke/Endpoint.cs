namespace RiskRegister.Api.Features.Clients.Revoke;

public sealed class Request
{
    /// <summary>The client's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, ApiKeyCache keyCache) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/clients/{id}");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Revoke an API client's key; it stops working at once";
            s.Description = "Revokes a client: its key is refused from the next request on. The last admin cannot be revoked (`409`). Revoking twice is not an error.";
        });
        Description(d => d.NoContent().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // Two admins revoking each other at once, on two instances, must not leave the register without an admin.
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.AdminKeys, ct);
        var before = await ClientView.LoadOneAsync(connection, transaction, req.Id, ct);
        if (before is null) ThrowError(r => r.Id, $"No client {req.Id}.", 404);
        if (before.RevokedAt is not null)
        {
            // Revoking twice changes nothing, so there is nothing to record.
            await Send.NoContentAsync(ct);
            return;
        }
        if (before.Role == ClientRole.Admin)
        {
            var otherAdmins = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM clients WHERE role = 'admin' AND revoked_at IS NULL AND id <> @id",
                new { id = req.Id }, transaction, cancellationToken: ct));
            if (otherAdmins == 0)
                ThrowError(r => r.Id, "This is the last admin key; create another admin before revoking it, or nobody can manage clients.", 409);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE clients SET revoked_at = @now WHERE id = @id", new { id = req.Id, now = Clock.Timestamp() }, transaction, cancellationToken: ct));
        var after = await ClientView.LoadOneAsync(connection, transaction, req.Id, ct);
        await ClientChangeListener.NotifyAsync(connection, transaction, ct);   // the other instances forget the key at commit
        await write.CommitAsync(Caller.From(User).By("client", req.Id, "revoked") with { Before = before, After = after }, ct);
        // The key handler caches known keys; a revoked key must stop working at once.
        keyCache.Invalidate();
        await Send.NoContentAsync(ct);
    }
}
