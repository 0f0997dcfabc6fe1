using System.Text;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Escaping for HTML and SVG (XML) text and quoted attributes.</summary>
public static partial class Markup
{
    /// <summary>
    /// Replaces the five characters that carry meaning in markup. Everything else (å, ä, ö) stays as UTF-8 text,
    /// which is valid in both HTML and XML and keeps the documents readable.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            builder.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? ch.ToString());
        }
        return builder.ToString();
    }

    /// <summary>
    /// Escaped text whose dates (<c>2023-09-30</c>) are kept on one line: in a narrow column Chromium otherwise breaks a date
    /// after one of its hyphens ("2023-09-" / "30").
    /// </summary>
    public static string KeepingDatesWhole(string? text) =>
        Dates().Replace(Escape(text), "<span class=\"nowrap\">$0</span>");

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial System.Text.RegularExpressions.Regex Dates();

    /// <summary>Appends escaped text (the form every user-supplied string takes on its way into a document).</summary>
    public static StringBuilder Text(this StringBuilder builder, string? text) => builder.Append(Escape(text));

    public static string LevelName(RiskLevel level) => level switch
    {
        RiskLevel.Green => "Grön",
        RiskLevel.Yellow => "Gul",
        _ => "Röd",
    };

    /// <summary>Cell fills: light enough for black text, distinct in greyscale print too.</summary>
    public static string LevelColour(RiskLevel level) => level switch
    {
        RiskLevel.Green => "#a8d5a2",
        RiskLevel.Yellow => "#ffe08a",
        _ => "#f4a09a",
    };

    public static string MethodName(HandlingMethod method) => method switch
    {
        HandlingMethod.None => "Ingen",
        HandlingMethod.Bevakning => "Bevakning",
        HandlingMethod.Granskning => "Granskning",
        _ => "Åtgärd",
    };

    public static string StatusName(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "Förslag",
        PlanStatus.Adopted => "Fastställd",
        PlanStatus.Revising => "Fastställd, under revidering",
        _ => "Avslutad",
    };

    public static string HandlingStatusName(HandlingStatus status) => status switch
    {
        HandlingStatus.NotStarted => "Ej påbörjad",
        HandlingStatus.InProgress => "Pågår",
        _ => "Genomförd",
    };

    /// <summary>The auditors' bedömningsskala as their reports write it.</summary>
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Uppfyllt => "Uppfyllt",
        Verdict.InteHeltUppfyllt => "Inte helt uppfyllt",
        Verdict.InteUppfyllt => "Inte uppfyllt",
        _ => "Ej aktuellt",
    };

    /// <summary>The auditors' word on the whole, as a sentence ends: "… interna kontroll bedöms som inte helt tillräcklig".</summary>
    public static string ConclusionName(Conclusion conclusion) => conclusion switch
    {
        Conclusion.Tillracklig => "tillräcklig",
        Conclusion.InteHeltTillracklig => "inte helt tillräcklig",
        _ => "inte tillräcklig",
    };

    public static string TrendName(Trend trend) => trend switch
    {
        Trend.Increased => "Ökad",
        Trend.Decreased => "Minskad",
        _ => "Oförändrad",
    };

    public static string TrendArrow(Trend trend) => trend switch
    {
        Trend.Increased => "↑",
        Trend.Decreased => "↓",
        _ => "→",
    };
}
