using System.Security.Claims;

namespace RiskRegister.Api.Auth;

/// <summary>The API client behind a request, as the key handler established it.</summary>
public sealed record Caller(long ClientId, string Name, string Role, IReadOnlySet<long> UnitIds)
{
    public const string ClientIdClaim = "rr:client_id";
    public const string UnitClaim = "rr:unit";

    /// <summary>Registrators see only their own units; every other role sees all of them.</summary>
    public bool CanSee(long unitId) => Role != Auth.Role.Registrator || UnitIds.Contains(unitId);

    /// <summary>System clients are region systems outside the register: they get marked risks redacted (see <see cref="SecrecyRules"/>).</summary>
    public Disclosure Disclosure => Role == Auth.Role.System ? Disclosure.Redacted : Disclosure.Full;

    public static Caller From(ClaimsPrincipal user) => new(
        long.TryParse(user.FindFirstValue(ClientIdClaim), out var id) ? id : 0,
        user.FindFirstValue(ClaimTypes.Name) ?? "anonymous",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindAll(UnitClaim).Select(c => long.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
}
