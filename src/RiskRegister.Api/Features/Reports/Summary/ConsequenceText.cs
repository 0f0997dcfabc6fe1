using System.Globalization;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>How the printed plan writes a risk's consequence per area (issue 25): beside its value, in the plan's order.</summary>
public static class ConsequenceText
{
    /// <summary>"Konsekvens per område: patientsäkerhet 3 · ekonomi 2", or null for a risk assessed as one value.</summary>
    public static string? Of(IReadOnlyDictionary<string, int>? areas) => areas is { Count: > 0 }
        ? "Konsekvens per område: " + string.Join(" · ", areas.Select(a => $"{a.Key} {a.Value.ToString(CultureInfo.InvariantCulture)}"))
        : null;
}
