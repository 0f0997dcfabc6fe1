namespace RiskRegister.Api.Features.Public;

/// <summary>Configuration section <c>Public</c>: the public excerpt of adopted plans (offentlighetsprincipen).</summary>
public sealed class PublicSettings
{
    /// <summary>Whether anyone may read adopted and closed plans without a key, marked risks redacted. Off: every public path is 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>Public requests each remote address may make per minute (separate from the clients' limit). 0 turns the limit off.</summary>
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>The path every public operation lives under.</summary>
    public const string Path = "/api/v1/public";

    /// <summary>What the public may read: the adopted and closed plans, never a draft.</summary>
    public static bool Publishable(PlanStatus status) => status != PlanStatus.Draft;
}
