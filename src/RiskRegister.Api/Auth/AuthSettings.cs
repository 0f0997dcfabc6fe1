namespace RiskRegister.Api.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthSettings
{
    /// <summary>On first start with no clients, this key becomes the admin key. Without it, one is generated and logged once.</summary>
    public string? BootstrapAdminKey { get; set; }
}
