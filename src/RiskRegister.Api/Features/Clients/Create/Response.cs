namespace RiskRegister.Api.Features.Clients.Create;

/// <summary>The new client, with its key. This is the only time the key is shown: store it now.</summary>
public sealed class Response
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>Who or what uses the key.</summary>
    public string Name { get; init; } = "";
    /// <summary><c>admin</c>, <c>registrator</c>, <c>auditor</c> or <c>system</c>.</summary>
    public ClientRole Role { get; init; }
    /// <summary>For a registrator: the förvaltningar it may write in.</summary>
    public List<long> UnitIds { get; init; } = [];
    /// <summary>When the client was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>Always null for a new client.</summary>
    [Timestamp] public string? RevokedAt { get; init; }
    /// <summary>The API key, to send as header <c>X-Api-Key</c>. Only its hash is stored; it cannot be shown again.</summary>
    public required string Key { get; init; }

    internal static Response From(ClientView client, string key) => new()
    {
        Id = client.Id, Name = client.Name, Role = client.Role, UnitIds = client.UnitIds,
        CreatedAt = client.CreatedAt, RevokedAt = client.RevokedAt, Key = key,
    };
}
