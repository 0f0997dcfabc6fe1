using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RiskRegister.DevIdp;

/// <summary>A demo person who can sign in with the password grant.</summary>
public sealed record DevUser(string UserName, string Password, string Name, string[] Roles, string[] Units);

/// <summary>A system that gets tokens with the client-credentials grant.</summary>
public sealed record DevClient(string ClientId, string Secret, string[] Roles);

/// <summary>
/// A minimal OpenID provider for development and the tests: OIDC discovery, JWKS, and a token endpoint
/// (<c>grant_type=password</c> for the demo's people, <c>client_credentials</c> for a region system), signing RS256 with
/// Microsoft.IdentityModel. It runs on Kestrel, loopback only; the tests start it in process on port 0. Keys live in
/// memory: <see cref="RotateKey"/> switches to a new one, as a provider's rollover does. Not a production provider: no
/// consent, no refresh tokens, passwords in plain text.
/// </summary>
public sealed class DevIdentityProvider : IAsyncDisposable
{
    public const string DefaultAudience = "riskregister";
    public const string RoleClaim = "roles";
    public const string UnitClaim = "hsa_unit_id";
    public const string NameClaim = "name";

    public static readonly DevUser[] DemoUsers =
    [
        new("admin", "demo", "Anna Administratör", ["riskregister.admin"], []),
        new("revisor", "demo", "Rolf Revisor", ["riskregister.auditor"], []),
        new("registrator", "demo", "Rut Registrator", ["riskregister.registrator"], ["SE2321000131-E000000000011"]),
    ];

    public static readonly DevClient[] DemoClients = [new("region-integration", "demo-secret", ["riskregister.system"])];

    private readonly WebApplication _app;
    private readonly object _keysLock = new();
    private List<RsaSecurityKey> _published;
    private RsaSecurityKey _current;

    /// <summary>The issuer (<c>iss</c>) and authority: <c>http://127.0.0.1:{port}</c>.</summary>
    public string Issuer { get; private set; } = "";
    public string Audience { get; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public IReadOnlyList<DevUser> Users { get; }
    public IReadOnlyList<DevClient> Clients { get; }

    /// <summary>How many times the JWKS was read (a rollover test shows the service fetched it again).</summary>
    public int KeySetReads => _keySetReads;
    private int _keySetReads;

    private DevIdentityProvider(WebApplication app, string audience, IReadOnlyList<DevUser> users, IReadOnlyList<DevClient> clients)
    {
        (_app, Audience, Users, Clients) = (app, audience, users, clients);
        _current = NewKey();
        _published = [_current];
    }

    /// <summary>Starts a provider on <paramref name="url"/> (loopback; port 0 picks a free one).</summary>
    public static async Task<DevIdentityProvider> StartAsync(string url = "http://127.0.0.1:0", string audience = DefaultAudience,
        IReadOnlyList<DevUser>? users = null, IReadOnlyList<DevClient>? clients = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var app = builder.Build();
        var provider = new DevIdentityProvider(app, audience, users ?? DemoUsers, clients ?? DemoClients);
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return provider;
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };

    /// <summary>The key tokens are signed with now.</summary>
    public RsaSecurityKey CurrentKey { get { lock (_keysLock) return _current; } }

    /// <summary>
    /// Switches to a new signing key. <paramref name="keepOld"/>: the old key stays published (the overlap of a
    /// rollover); otherwise it is removed at once.
    /// </summary>
    public RsaSecurityKey RotateKey(bool keepOld = false)
    {
        lock (_keysLock)
        {
            var next = NewKey();
            _published = keepOld ? [next, .. _published] : [next];
            _current = next;
            return next;
        }
    }

    /// <summary>Stops publishing <paramref name="key"/> (the end of a rollover's overlap).</summary>
    public void Unpublish(RsaSecurityKey key)
    {
        lock (_keysLock) _published = _published.Where(k => k.KeyId != key.KeyId).ToList();
    }

    /// <summary>
    /// A token as this provider would issue it, with whatever the test needs changed: claims, audience, issuer, lifetime,
    /// the key it is signed with (null key and <paramref name="unsigned"/>: <c>alg: none</c>).
    /// </summary>
    public string Issue(IDictionary<string, object> claims, string? audience = null, string? issuer = null,
        DateTime? notBefore = null, DateTime? expires = null, SecurityKey? key = null, bool unsigned = false)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Claims = claims,
            IssuedAt = (notBefore ?? now) < now ? notBefore : now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now + TokenLifetime,
            SigningCredentials = unsigned ? null : new SigningCredentials(key ?? CurrentKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A person's token, as the password grant issues it.</summary>
    public string IssueFor(DevUser user) => Issue(new Dictionary<string, object>
    {
        ["sub"] = "user:" + user.UserName, [NameClaim] = user.Name, [RoleClaim] = user.Roles, [UnitClaim] = user.Units,
        ["client_id"] = "riskregister-dev",
    });

    /// <summary>A system's token, as the client-credentials grant issues it (no person: no name).</summary>
    public string IssueFor(DevClient client) => Issue(new Dictionary<string, object>
    {
        ["sub"] = client.ClientId, ["client_id"] = client.ClientId, [RoleClaim] = client.Roles,
    });

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/.well-known/jwks",
            ["token_endpoint"] = Issuer + "/connect/token",
            ["grant_types_supported"] = new JsonArray("password", "client_credentials"),
            ["response_types_supported"] = new JsonArray("token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
        }.ToJsonString(), "application/json"));

        app.MapGet("/.well-known/jwks", () =>
        {
            Interlocked.Increment(ref _keySetReads);
            List<RsaSecurityKey> keys;
            lock (_keysLock) keys = [.. _published];
            var array = new JsonArray();
            foreach (var key in keys)
            {
                // The public half only: modulus and exponent.
                var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
                array.Add(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                });
            }
            return Results.Text(new JsonObject { ["keys"] = array }.ToJsonString(), "application/json");
        });

        app.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var (clientId, secret) = ClientCredentials(context.Request, form);
            string token;
            switch (form["grant_type"].ToString())
            {
                case "password":
                    var user = Users.FirstOrDefault(u => u.UserName == form["username"].ToString() && u.Password == form["password"].ToString());
                    if (user is null) return Error("invalid_grant", "Unknown user name or wrong password.");
                    token = IssueFor(user);
                    break;
                case "client_credentials":
                    var client = Clients.FirstOrDefault(c => c.ClientId == clientId && c.Secret == secret);
                    if (client is null) return Error("invalid_client", "Unknown client or wrong secret.", HttpStatusCode.Unauthorized);
                    token = IssueFor(client);
                    break;
                default:
                    return Error("unsupported_grant_type", "Use grant_type=password or grant_type=client_credentials.");
            }
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            });
        });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim())).Split(':', 2);
            if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static IResult Error(string error, string description, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: (int)status);

    /// <summary>Waits until the host stops (Ctrl+C).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
