namespace RiskRegister.Api.Auth;

/// <summary>
/// The identity providers whose bearer tokens are accepted beside API keys: <c>Auth:Issuers:{n}</c> (none by default,
/// so only API keys work). Its own class in the <c>Auth</c> section, so the API-key settings stay as they are.
/// </summary>
public sealed class TokenSettings : ISettings
{
    public static string Section => "Auth";

    public List<IssuerSettings> Issuers { get; set; } = [];

    public IEnumerable<string> Problems()
    {
        for (var n = 0; n < Issuers.Count; n++)
            foreach (var problem in Issuers[n].Problems($"Auth:Issuers:{n}"))
                yield return problem;
        foreach (var twice in Issuers.GroupBy(i => i.Issuer, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
            yield return $"Auth:Issuers: the authority {twice.Key} is named {twice.Count()} times; name each issuer once.";
    }
}

/// <summary>One identity provider: where its discovery document is, and how its tokens' claims become a caller.</summary>
public sealed class IssuerSettings
{
    /// <summary>The issuer's URL; its OIDC discovery document is <c>{Authority}/.well-known/openid-configuration</c>, and tokens carry it as <c>iss</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience tokens must be issued for (<c>aud</c>): this service's identifier at the provider.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim holding the caller's roles at the provider (one value or several).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim value → role here (<c>admin</c>, <c>registrator</c>, <c>auditor</c>, <c>system</c>), e.g. <c>RoleMap:riskregister.admin=admin</c>.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claim naming the caller's units by their <c>externalId</c> (an HSA id); none: the token names no unit.</summary>
    public string? UnitClaim { get; set; }

    /// <summary>The claim with the person's name, as history and events show it.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Discovery and keys only over https; <c>false</c> lets a development provider on <c>http://127.0.0.1</c> serve them.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The least time between two fetches of the issuer's keys that a token with an unknown key id (<c>kid</c>) causes
    /// (so unknown ids cannot make the service hammer the provider). Default 5 minutes; at least 1 second.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>iss</c> tokens of this provider carry: the authority without a trailing slash.</summary>
    public string Issuer => Authority.Trim().TrimEnd('/');

    private static readonly string[] Roles = [Role.Admin, Role.Registrator, Role.Auditor, Role.System];

    public IEnumerable<string> Problems(string key)
    {
        if (!Uri.TryCreate(Authority.Trim(), UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            yield return $"{key}:Authority must be the issuer's absolute URL (it has \"{Authority}\").";
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
            yield return $"{key}:Authority is http: set {key}:RequireHttpsMetadata=false for a development provider, or use https.";
        if (string.IsNullOrWhiteSpace(Audience))
            yield return $"{key}:Audience is required: the audience the provider issues this service's tokens for.";
        if (string.IsNullOrWhiteSpace(RoleClaim))
            yield return $"{key}:RoleClaim is required: the claim holding the caller's roles.";
        if (string.IsNullOrWhiteSpace(NameClaim))
            yield return $"{key}:NameClaim is required: the claim with the person's name.";
        if (RoleMap.Count == 0)
            yield return $"{key}:RoleMap is empty, so no token would have a role: map claim values to roles, e.g. {key}:RoleMap:riskregister.admin=admin.";
        foreach (var (value, role) in RoleMap)
            if (!Roles.Contains(role))
                yield return $"{key}:RoleMap:{value}: \"{role}\" is no role; use one of {string.Join(", ", Roles)}.";
        if (KeyRefreshInterval < TimeSpan.FromSeconds(1))
            yield return $"{key}:KeyRefreshInterval must be at least 00:00:01 (it has {KeyRefreshInterval}).";
    }
}
