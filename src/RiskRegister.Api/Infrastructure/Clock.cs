namespace RiskRegister.Api.Infrastructure;

/// <summary>Timestamps as stored and sent: ISO-8601 UTC text with milliseconds, sortable as strings.</summary>
public static class Clock
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Timestamp() => Text(DateTimeOffset.UtcNow);

    /// <summary>The one textual form of a moment, whether stored or generated for a report.</summary>
    public static string Text(DateTimeOffset moment) => moment.UtcDateTime.ToString(Format, System.Globalization.CultureInfo.InvariantCulture);
}
