namespace RiskRegister.Api.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthSettings : ISettings
{
    public static string Section => "Auth";

    /// <summary>On first start with no clients, this key becomes the admin key. Without it, one is generated and logged once.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>A key anyone could guess in a few tries is no admin key: as long as a generated one's text, at least.</summary>
    public const int MinimumKeyLength = 32;

    public IEnumerable<string> Problems() =>
        !string.IsNullOrWhiteSpace(BootstrapAdminKey) && BootstrapAdminKey.Trim().Length < MinimumKeyLength
            ? [$"Auth:BootstrapAdminKey must be at least {MinimumKeyLength} characters (it has {BootstrapAdminKey.Trim().Length}); leave it empty and one is generated."]
            : [];
}
