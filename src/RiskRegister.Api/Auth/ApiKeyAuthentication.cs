using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Auth;

/// <summary>Authenticates <c>X-Api-Key</c> against the stored key hashes of clients not revoked (cached: see <see cref="ApiKeyCache"/>).</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Db db,
    ApiKeyCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request.Headers) is not { } key)
            return AuthenticateResult.NoResult();

        if (Remembered(cache, key, out var hash) is not { } principal)
        {
            var found = await LoadAsync(hash);
            if (found is null)
                return AuthenticateResult.Fail("Unknown or revoked API key.");
            principal = cache.Remember(hash, found);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The key a request carries in <see cref="Header"/>, trimmed; null when it carries none or a blank one.</summary>
    internal static string? KeyOf(IHeaderDictionary headers) =>
        headers.TryGetValue(Header, out var values) && values.ToString() is var key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null;

    /// <summary>The principal of a remembered key; else null, and the key's hash to look it up with.</summary>
    internal static ClaimsPrincipal? Remembered(ApiKeyCache cache, string key, out string hash)
    {
        Span<char> hex = stackalloc char[ApiKeys.HashLength];
        ApiKeys.Hash(key, hex);
        if (cache.TryGetPrincipal(hex, out var principal))
        {
            hash = "";
            return principal;
        }
        hash = new string(hex);
        return null;
    }

    /// <summary>The claims of a key's client: its id, name, role and units (the units with their subtrees).</summary>
    internal static ClaimsPrincipal PrincipalOf(ApiKeyCache.Client client)
    {
        var claims = new List<Claim>(3 + client.UnitIds.Count)
        {
            new(Caller.ClientIdClaim, client.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, client.Name),
            new(ClaimTypes.Role, client.Role),
        };
        foreach (var unitId in client.UnitIds)
            claims.Add(new Claim(Caller.UnitClaim, unitId.ToString(CultureInfo.InvariantCulture)));
        return new Caller.Principal(new ClaimsIdentity(claims, SchemeName));
    }

    private async Task<ApiKeyCache.Client?> LoadAsync(string hash)
    {
        await using var connection = await db.OpenAsync(Context.RequestAborted);
        var rows = (await connection.QueryAsync<(long Id, string Name, string Role, long? UnitId)>(new CommandDefinition("""
            SELECT c.id, c.name, c.role, cu.unit_id
            FROM clients c LEFT JOIN client_units cu ON cu.client_id = c.id
            WHERE c.key_hash = @hash AND c.revoked_at IS NULL
            """, new { hash }, cancellationToken: Context.RequestAborted))).ToList();
        if (rows.Count == 0) return null;
        var units = rows.Where(r => r.UnitId is not null).Select(r => r.UnitId!.Value).ToList();
        // A registrator's units cover their subtrees: a förvaltning's registrator writes its områden's plans too. The
        // cache forgets every key when the tree changes (a unit created or moved), so this is read again then.
        if (units.Count > 0)
            units = (await connection.QueryAsync<long>(new CommandDefinition(CoveredUnitsSql, new { clientId = rows[0].Id }, cancellationToken: Context.RequestAborted))).ToList();
        return new ApiKeyCache.Client(rows[0].Id, rows[0].Name, rows[0].Role, units);
    }

    /// <summary>A client's units and every unit below them.</summary>
    internal const string CoveredUnitsSql = """
        WITH RECURSIVE covered(id) AS (
            SELECT unit_id FROM client_units WHERE client_id = @clientId
            UNION SELECT c.id FROM units c JOIN covered s ON c.parent_id = s.id)
        SELECT id FROM covered
        """;
}
