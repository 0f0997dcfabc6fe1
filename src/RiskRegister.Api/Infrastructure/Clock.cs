namespace RiskRegister.Api.Infrastructure;

/// <summary>Timestamps as stored: ISO-8601 UTC text, sortable as strings.</summary>
public static class Clock
{
    public static string Timestamp() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
