using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Auth;

/// <summary>Authenticates <c>X-Api-Key</c> against the stored key hashes of clients not revoked.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Db db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();

        var hash = ApiKeys.Hash(values.ToString().Trim());
        await using var connection = await db.OpenAsync(Context.RequestAborted);
        var rows = (await connection.QueryAsync<(long Id, string Name, string Role, long? UnitId)>(new CommandDefinition("""
            SELECT c.id, c.name, c.role, cu.unit_id
            FROM clients c LEFT JOIN client_units cu ON cu.client_id = c.id
            WHERE c.key_hash = @hash AND c.revoked_at IS NULL
            """, new { hash }, cancellationToken: Context.RequestAborted))).ToList();
        if (rows.Count == 0)
            return AuthenticateResult.Fail("Unknown or revoked API key.");

        var claims = new List<Claim>
        {
            new(Caller.ClientIdClaim, rows[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, rows[0].Name),
            new(ClaimTypes.Role, rows[0].Role),
        };
        claims.AddRange(rows.Where(r => r.UnitId is not null)
            .Select(r => new Claim(Caller.UnitClaim, r.UnitId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
