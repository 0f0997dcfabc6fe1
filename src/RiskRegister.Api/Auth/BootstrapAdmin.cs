using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Auth;

/// <summary>Gives a fresh register its first admin client, so someone can create the others.</summary>
public sealed class BootstrapAdmin(Db db, IOptions<AuthSettings> settings, ILogger<BootstrapAdmin> logger)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // Two instances starting together on a new register: the second waits, then finds the first's admin.
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.AdminKeys, ct);
        var clients = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM clients", transaction: transaction, cancellationToken: ct));
        var configured = settings.Value.BootstrapAdminKey;
        if (clients > 0)
        {
            if (!string.IsNullOrWhiteSpace(configured))
                logger.LogWarning("Auth:BootstrapAdminKey is set, but this register already has API clients, so it is not used: "
                    + "only a register's first start makes the bootstrap admin. Create keys with POST /api/v1/clients.");
            return;
        }

        var key = string.IsNullOrWhiteSpace(configured) ? ApiKeys.Generate() : configured.Trim();
        var now = Clock.Timestamp();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO clients (name, role, key_hash, created_at) VALUES ('bootstrap-admin', 'admin', @hash, @now)
            RETURNING id
            """, new { hash = ApiKeys.Hash(key), now }, transaction, cancellationToken: ct));
        await write.CommitAsync(new HistoryEntry
        {
            ClientName = "system", Entity = "client", EntityId = id, Action = "created",
            After = new { id, name = "bootstrap-admin", role = "admin" },
        }, ct);

        if (string.IsNullOrWhiteSpace(configured))
            // Printed once, on purpose: this is the only way to learn a generated key.
            logger.LogWarning("No clients existed, so an admin API key was generated. It is shown only now: {BootstrapAdminKey}", key);
        else
            logger.LogInformation("No clients existed; the configured Auth:BootstrapAdminKey is now the admin key.");
    }
}
