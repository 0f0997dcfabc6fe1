using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace RiskRegister.Api.Auth;

/// <summary>
/// Bearer tokens beside API keys. The default scheme is the API-key scheme, which forwards a request with
/// <c>Authorization: Bearer</c> to the JwtBearer scheme of the issuer its token names (one per <c>Auth:Issuers:{n}</c>;
/// ASP.NET Core's handler checks issuer, audience, lifetime and signature, with the keys from the issuer's discovery
/// document, fetched again, rate-limited, when a token names an unknown <c>kid</c>) and handles any other request
/// itself (a policy scheme in front would make a second handler on every request to choose the same). A token of an
/// issuer not configured never reaches a JwtBearer scheme, so it cannot make one fetch keys.
/// </summary>
public static class TokenAuthentication
{
    public const string DefaultScheme = ApiKeyAuthentication.SchemeName;
    public const string RefusedScheme = "BearerRefused";
    public static string SchemeFor(int issuer) => "Bearer" + issuer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Set when a valid token cannot be a caller here (no role, or a unit that does not exist): a 403 naming why.</summary>
    public const string RefusalClaim = "rr:refused";

    public static AuthenticationBuilder AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<TokenCallers>();
        services.AddSingleton<ValidatedTokens>();
        // The key scheme's handler is made by the container (ASP.NET makes an unregistered one by reflection per request).
        services.AddTransient<ApiKeyAuthentication>();
        var builder = services.AddAuthentication(DefaultScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, "API key or bearer token", o => o.ForwardDefaultSelector = Select)
            .AddScheme<AuthenticationSchemeOptions, RefusedBearer>(RefusedScheme, null);
        // One JwtBearer scheme per issuer, made from the settings when the schemes are first read (not when services
        // are registered: configuration is complete only then, e.g. under a test host).
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<TokenSettings>>((o, settings) =>
        {
            for (var n = 0; n < settings.Value.Issuers.Count; n++)
                o.AddScheme<JwtBearerHandler>(SchemeFor(n), "Bearer token of " + settings.Value.Issuers[n].Issuer);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, IssuerBearerOptions>();
        return builder;
    }

    /// <summary>The JwtBearer options of the scheme <c>Bearer{n}</c>: issuer <c>n</c>'s settings.</summary>
    private sealed class IssuerBearerOptions(IOptions<TokenSettings> settings, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
    {
        // Discovery documents and key sets are small; a provider that does not answer in 30 s is down.
        private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = 1 << 20,
        };

        public void Configure(JwtBearerOptions options) { }

        public void Configure(string? name, JwtBearerOptions o)
        {
            var issuers = settings.Value.Issuers;
            var index = Enumerable.Range(0, issuers.Count).FirstOrDefault(n => SchemeFor(n) == name, -1);
            if (index < 0) return;
            var issuer = issuers[index];
            o.Authority = issuer.Issuer;
            o.Audience = issuer.Audience.Trim();
            o.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
            // Claims keep the provider's names (roles, name, sub): the role and name claims are configured by those names.
            o.MapInboundClaims = false;
            o.RefreshOnIssuerKeyNotFound = true;
            o.RefreshInterval = issuer.KeyRefreshInterval;
            o.AutomaticRefreshInterval = TimeSpan.FromHours(1);
            o.ConfigurationManager = new IssuerKeys(issuer.Issuer + "/.well-known/openid-configuration",
                new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever(Http) { RequireHttps = issuer.RequireHttpsMetadata },
                o.RefreshInterval, o.AutomaticRefreshInterval, time);
            // Some providers' iss ends in a slash (Entra ID v1: https://sts.windows.net/{tenant}/), the authority may not.
            o.TokenValidationParameters.ValidIssuers = [issuer.Issuer, issuer.Issuer + "/"];
            o.TokenValidationParameters.ValidateIssuer = true;
            o.TokenValidationParameters.ValidateAudience = true;
            o.TokenValidationParameters.ValidateLifetime = true;
            o.TokenValidationParameters.RequireSignedTokens = true;
            o.TokenValidationParameters.RequireExpirationTime = true;
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
            o.Events = new JwtBearerEvents
            {
                // A token validated a moment ago is not checked again (see ValidatedTokens): its signature costs more than the rest of a read.
                OnMessageReceived = context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.Length > 7 && context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().TryGet(context.Scheme.Name, header.AsSpan(7).Trim(), out var principal))
                    {
                        context.Principal = principal;
                        context.Success();
                    }
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    await context.HttpContext.RequestServices.GetRequiredService<TokenCallers>().ResolveAsync(context, index, issuer);
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.Length > 7 && context.Principal is { } principal)
                        context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Remember(context.Scheme.Name, header.AsSpan(7).Trim(), principal, context.SecurityToken.ValidTo);
                },
                OnChallenge = context =>
                {
                    context.HandleResponse();
                    return WriteUnauthorizedAsync(context.HttpContext, Describe(context.AuthenticateFailure, issuer));
                },
            };
        }
    }

    private static string Select(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return ApiKeyAuthentication.SchemeName;
        var issuers = context.RequestServices.GetRequiredService<IOptions<TokenSettings>>().Value.Issuers;
        var token = authorization["Bearer ".Length..].Trim();
        // Read without validating, only to choose the issuer's scheme; that scheme validates everything.
        string? iss = null;
        try { iss = new JsonWebToken(token).Issuer; }
        catch (ArgumentException) { }
        for (var n = 0; n < issuers.Count; n++)
            if (iss is not null && string.Equals(iss.TrimEnd('/'), issuers[n].Issuer, StringComparison.Ordinal))
                return SchemeFor(n);
        context.Items[RefusedBearer.Reason] = issuers.Count == 0
            ? "This service accepts no bearer tokens (Auth:Issuers is empty); send an API key as X-Api-Key."
            : iss is null
                ? "The bearer token is not a well-formed JWT."
                : $"The token's issuer '{Printable(iss)}' is not one this service accepts (Auth:Issuers: {string.Join(", ", issuers.Select(i => i.Issuer))}).";
        return RefusedScheme;
    }

    /// <summary>What was wrong with a token, in words a developer can act on; never the token itself.</summary>
    internal static string Describe(Exception? failure, IssuerSettings issuer) => failure switch
    {
        null => "The Authorization header holds no bearer token.",
        SecurityTokenExpiredException expired => $"The token expired at {expired.Expires:yyyy-MM-ddTHH:mm:ssZ}; get a new one from {issuer.Issuer}.",
        SecurityTokenNotYetValidException early => $"The token is not valid before {early.NotBefore:yyyy-MM-ddTHH:mm:ssZ} (check the clocks of the provider and the caller).",
        SecurityTokenInvalidAudienceException => $"The token is for another audience; this service accepts tokens issued for '{issuer.Audience.Trim()}'.",
        SecurityTokenInvalidIssuerException => $"The token's issuer is not {issuer.Issuer}.",
        SecurityTokenSignatureKeyNotFoundException => $"No signing key of {issuer.Issuer} has the token's key id (kid), also after fetching the issuer's keys again.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenInvalidSignatureException => "The token's signature does not verify with the issuer's keys (an unsigned token, alg none, is never accepted).",
        SecurityTokenNoExpirationException => "The token has no expiry (exp); this service accepts only tokens that expire.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        InvalidOperationException => $"The signing keys of {issuer.Issuer} could not be fetched (its OIDC discovery document or JWKS did not answer); try again later.",
        _ => "The bearer token was not accepted.",
    };

    /// <summary>401 with a problem body and RFC 6750's <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
    internal static Task WriteUnauthorizedAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{Printable(detail)}\"";
        return ApiProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
    }

    // RFC 6750 allows only printable ASCII without '"' and '\' in error_description; it also keeps a header clean.
    private static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 300));
        foreach (var c in text.Take(300))
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
        return builder.ToString();
    }

    /// <summary>
    /// A valid token that cannot be a caller here (its role claim maps to no role, or its unit claim names a unit that
    /// does not exist) is answered 403, naming the claim and value, on every operation that needs a caller.
    /// </summary>
    public static IApplicationBuilder UseTokenRefusals(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var refused = context.User is Caller.Principal known ? known.Refusal : context.User.FindFirst(RefusalClaim);
            if (refused is { } refusal && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status403Forbidden, refusal.Value);
                return;
            }
            await next(context);
        });

    /// <summary>Answers a bearer token no configured issuer can check: 401 saying why.</summary>
    private sealed class RefusedBearer(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        System.Text.Encodings.Web.UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Reason = "rr:bearer-refused";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(AuthenticateResult.Fail(Context.Items[Reason] as string ?? "The bearer token was not accepted."));

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            WriteUnauthorizedAsync(Context, Context.Items[Reason] as string ?? "The bearer token was not accepted.");
    }
}

/// <summary>Turns a validated token into the register's caller: role from the role map, units from their external ids.</summary>
public sealed class TokenCallers(Db db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MostRemembered = 10_000;

    private sealed record Units(IReadOnlyList<long> Ids, string? Unknown, DateTimeOffset Expires);

    // Units by the values of a token's unit claim: a request need not read the database to learn its units again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Units> _units = new(StringComparer.Ordinal);

    private static readonly string[] Precedence = [Role.Admin, Role.Registrator, Role.Auditor, Role.System];

    public async Task ResolveAsync(TokenValidatedContext context, int index, IssuerSettings issuer)
    {
        var token = context.Principal!;
        var subject = token.FindFirstValue("sub");
        // A client-credentials token names no person: the client stands in its place.
        var client = token.FindFirstValue("client_id") ?? token.FindFirstValue("azp");
        var name = token.FindFirstValue(issuer.NameClaim) ?? client ?? subject ?? "unnamed";
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(Caller.ViaClaim, Caller.ViaToken),
            new(Caller.IssuerClaim, issuer.Issuer),
        };
        if ((subject ?? client) is { } who) claims.Add(new Claim(Caller.SubjectClaim, who));

        var values = token.FindAll(issuer.RoleClaim).Select(c => c.Value).ToList();
        var mapped = values.Select(v => issuer.RoleMap.TryGetValue(v, out var role) ? role : null).OfType<string>().ToHashSet();
        var chosen = Precedence.FirstOrDefault(mapped.Contains);
        if (chosen is null)
            claims.Add(new Claim(TokenAuthentication.RefusalClaim, values.Count == 0
                ? $"The token has no '{issuer.RoleClaim}' claim, so it has no role here (Auth:Issuers:{index}:RoleClaim)."
                : $"The token's '{issuer.RoleClaim}' claim ({string.Join(", ", values.Take(5))}) maps to no role here (Auth:Issuers:{index}:RoleMap)."));
        else
            claims.Add(new Claim(ClaimTypes.Role, chosen));

        if (!string.IsNullOrWhiteSpace(issuer.UnitClaim))
        {
            var unitValues = token.FindAll(issuer.UnitClaim).Select(c => c.Value.Trim()).Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
            if (unitValues.Count > 0)
            {
                var units = await UnitsAsync(unitValues, context.HttpContext.RequestAborted);
                if (units.Unknown is not null)
                    claims.Add(new Claim(TokenAuthentication.RefusalClaim,
                        $"The token's '{issuer.UnitClaim}' claim names '{units.Unknown}', which is no unit's externalId here."));
                foreach (var id in units.Ids)
                    claims.Add(new Claim(Caller.UnitClaim, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, context.Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The units the values name, with their subtrees (a registrator of a verksamhetsområde holds its units too).</summary>
    private async Task<Units> UnitsAsync(IReadOnlyList<string> values, CancellationToken ct)
    {
        var key = string.Join('\n', values);
        var now = time.GetUtcNow();
        if (_units.TryGetValue(key, out var known) && known.Expires > now) return known;

        await using var connection = await db.OpenAsync(ct);
        var found = (await connection.QueryAsync<(string ExternalId, long Id)>(new CommandDefinition(
            $"SELECT external_id, id FROM units WHERE {SqlDialect.InList(connection, "external_id", "@values")}", new { values = values.ToArray() }, cancellationToken: ct))).ToList();
        var unknown = values.FirstOrDefault(v => !found.Any(f => f.ExternalId == v));
        var ids = found.Count == 0 ? [] : (await connection.QueryAsync<long>(new CommandDefinition($"""
            WITH RECURSIVE tree (id) AS (
                SELECT id FROM units WHERE {SqlDialect.InList(connection, "id", "@roots")}
                UNION
                SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id)
            SELECT id FROM tree
            """, new { roots = found.Select(f => f.Id).ToArray() }, cancellationToken: ct))).ToList();

        var units = new Units(ids, unknown, now + Lifetime);
        if (_units.Count >= MostRemembered) _units.Clear();
        _units[key] = units;
        return units;
    }

    /// <summary>Forgets every token's units (a unit was created or its external id changed).</summary>
    public void Invalidate() => _units.Clear();
}

/// <summary>
/// The callers of tokens validated in the last <see cref="Lifetime"/> (never past a token's expiry), by the SHA-256 of
/// the token, so a client sending the same token again costs no signature check: measured with <c>make bench
/// AUTH=token</c>, validating an RS256 token took more server CPU than the rest of a risk's read. The tokens themselves
/// are not kept. A key the provider stops publishing, or a unit's changed external id, reaches a token already seen
/// within <see cref="Lifetime"/>, as a changed API key does (<see cref="ApiKeyCache"/>).
/// </summary>
public sealed class ValidatedTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MostRemembered = 10_000;

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string scheme, ReadOnlySpan<char> token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(Key(scheme, token), out var entry) && entry.Expires > time.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }
        principal = null!;
        return false;
    }

    public void Remember(string scheme, ReadOnlySpan<char> token, ClaimsPrincipal principal, DateTime validTo)
    {
        var now = time.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (expires <= now) return;
        if (_entries.Count >= MostRemembered)
            foreach (var (key, old) in _entries)
                if (old.Expires <= now) _entries.TryRemove(key, out _);
        if (_entries.Count >= MostRemembered) _entries.Clear();
        _entries[Key(scheme, token)] = new Entry(principal, expires < now + Lifetime ? expires : now + Lifetime);
    }

    private static string Key(string scheme, ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(token.Length));
        try { System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, Encoding.UTF8.GetBytes(token, bytes)), hash); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(bytes); }
        return scheme + ":" + Convert.ToHexString(hash);
    }
}
