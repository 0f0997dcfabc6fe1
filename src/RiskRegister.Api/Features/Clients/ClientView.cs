namespace RiskRegister.Api.Features.Clients;

/// <summary>An API client as admins see it. The key is never part of it: it is shown once, on creation.</summary>
public sealed class ClientView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>Who or what uses the key; history names changes by it.</summary>
    public string Name { get; init; } = "";
    /// <summary><c>admin</c>, <c>registrator</c>, <c>auditor</c> or <c>system</c>.</summary>
    public ClientRole Role { get; init; }
    /// <summary>For a registrator: the förvaltningar it may write in. Empty for every other role.</summary>
    public List<long> UnitIds { get; set; } = [];
    /// <summary>When the client was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>When the key was revoked (UTC); null while it works.</summary>
    [Timestamp] public string? RevokedAt { get; init; }

    internal const string Columns = "c.id AS Id, c.name AS Name, c.role AS Role, c.created_at AS CreatedAt, c.revoked_at AS RevokedAt";

    /// <summary>Reads clients with their units; <paramref name="where"/> filters <c>clients c</c>.</summary>
    internal static async Task<List<ClientView>> LoadAsync(IDbConnection connection, IDbTransaction? transaction, string where, object parameters, CancellationToken ct)
    {
        var clients = (await connection.QueryAsync<ClientView>(new CommandDefinition(
            $"SELECT {Columns} FROM clients c WHERE {where} ORDER BY c.id", parameters, transaction, cancellationToken: ct))).ToList();
        if (clients.Count == 0) return clients;
        var units = await connection.QueryAsync<(long ClientId, long UnitId)>(new CommandDefinition(
            $"SELECT client_id, unit_id FROM client_units WHERE {SqlDialect.InList(connection, "client_id", "@ids")} ORDER BY unit_id",
            new { ids = clients.Select(c => c.Id).ToArray() }, transaction, cancellationToken: ct));
        var byClient = units.ToLookup(u => u.ClientId, u => u.UnitId);
        foreach (var client in clients) client.UnitIds = byClient[client.Id].ToList();
        return clients;
    }

    internal static async Task<ClientView?> LoadOneAsync(IDbConnection connection, IDbTransaction? transaction, long id, CancellationToken ct) =>
        (await LoadAsync(connection, transaction, "c.id = @id", new { id }, ct)).SingleOrDefault();
}
