namespace RiskRegister.Api.Infrastructure;

public static class Text
{
    /// <summary>Trimmed text, or null for missing or blank text (stored as NULL, not as an empty string).</summary>
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
