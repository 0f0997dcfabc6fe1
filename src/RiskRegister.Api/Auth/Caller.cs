using System.Security.Claims;

namespace RiskRegister.Api.Auth;

/// <summary>The API client or person behind a request, as the key handler or a bearer token established it.</summary>
public sealed record Caller(long ClientId, string Name, string Role, IReadOnlySet<long> UnitIds)
{
    public const string ClientIdClaim = "rr:client_id";
    public const string UnitClaim = "rr:unit";
    public const string ViaClaim = "rr:via";
    public const string SubjectClaim = "rr:subject";
    public const string IssuerClaim = "rr:issuer";
    public const string ViaApiKey = "apiKey";
    public const string ViaToken = "token";

    /// <summary><c>apiKey</c> or <c>token</c>.</summary>
    public string Via { get; init; } = ViaApiKey;

    /// <summary>A token's subject (<c>sub</c>, or the client's id for a client-credentials token); null for an API key.</summary>
    public string? Subject { get; init; }

    /// <summary>The issuer of the caller's token; null for an API key.</summary>
    public string? Issuer { get; init; }

    /// <summary>Registrators see only their own units; every other role sees all of them.</summary>
    public bool CanSee(long unitId) => Role != Auth.Role.Registrator || UnitIds.Contains(unitId);

    /// <summary>System clients are region systems outside the register: they get marked risks redacted (see <see cref="SecrecyRules"/>).</summary>
    public Disclosure Disclosure => Role == Auth.Role.System ? Disclosure.Redacted : Disclosure.Full;

    public static Caller From(ClaimsPrincipal user) => user is Principal { Caller: var known } ? known : Read(user);

    private static Caller Read(ClaimsPrincipal user) => new(
        long.TryParse(user.FindFirstValue(ClientIdClaim), out var id) ? id : 0,
        user.FindFirstValue(ClaimTypes.Name) ?? "anonymous",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindAll(UnitClaim).Select(c => long.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet())
    {
        Via = user.FindFirstValue(ViaClaim) ?? ViaApiKey,
        Subject = user.FindFirstValue(SubjectClaim),
        Issuer = user.FindFirstValue(IssuerClaim),
    };

    /// <summary>
    /// A principal that knows its caller, read once from its claims when it is made (an API key's, shared by the
    /// requests that send the key: see <see cref="ApiKeyCache"/>), instead of on every <see cref="From"/>.
    /// </summary>
    public sealed class Principal : ClaimsPrincipal
    {
        public Principal(ClaimsIdentity identity) : base(identity)
        {
            Caller = Read(this);
            RateLimitPartition = FindFirst(ClientIdClaim)?.Value is { } clientId ? "client:" + clientId : null;
            Refusal = FindFirst(TokenAuthentication.RefusalClaim);
        }

        /// <summary>The claim refusing this caller, read once (<c>TokenAuthentication.UseTokenRefusals</c>); null for every key's caller.</summary>
        internal Claim? Refusal { get; }

        public Caller Caller { get; }

        /// <summary>The rate limit's partition of this caller's requests (<c>RateLimiting.PartitionOf</c>).</summary>
        internal string? RateLimitPartition { get; }

        // The authorization policies this caller met (RoleAuthorization.Admits), a few slots by the policy's hash: a
        // policy in its slot was met; another one in that slot is decided again. Written and read whole, no lock.
        private readonly Microsoft.AspNetCore.Authorization.AuthorizationPolicy?[] _met = new Microsoft.AspNetCore.Authorization.AuthorizationPolicy?[8];

        internal bool Met(Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy) =>
            ReferenceEquals(Volatile.Read(ref _met[Slot(policy)]), policy);

        internal void Meets(Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy) => Volatile.Write(ref _met[Slot(policy)], policy);

        private static int Slot(Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(policy) & 7;
    }
}
