using System.Globalization;
using System.Text;

namespace RiskRegister.Api.Features.Reports;

/// <summary>
/// The printed documents' stylesheet (<c>document.css</c>, embedded so each document stays self-contained) and the
/// parts of their page layout that carry data: the footer of every printed page.
/// </summary>
public static class DocumentStyle
{
    public static string Css { get; } = Read("document.css");

    // Without the system's time-zone data (some slim container images) the documents print UTC and say so.
    private static readonly TimeZoneInfo? Sweden = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : null;

    /// <summary>
    /// Page margin boxes for print: the document's own text bottom left; when it was printed and "Sida x av y" bottom
    /// right, on two lines of their own. CSS generated content cannot come from the markup, so the texts go in as CSS
    /// strings, escaped for one.
    /// </summary>
    /// <remarks>The right box keeps a width of its own and never wraps: a long document text beside it once broke the
    /// page number into "Sida 1 av" and "8", and the time into "2026-" and "12-05".</remarks>
    public static string PageFooter(string text, string printed) =>
        // A paragraph sign stays with its number ("§ 12") when the text needs two lines.
        "@page { @bottom-left { content: " + CssString(text.Replace("§ ", "§\u00A0", StringComparison.Ordinal)) + "; " + MarginBox + " width: 136mm; } "
        + "@bottom-right { content: " + CssString("Utskriven " + printed) + " \"\\a Sida \" counter(page) \" av \" counter(pages); "
        + MarginBox + " width: 46mm; white-space: pre; text-align: right; } }";

    // Margin boxes do not inherit the body's font.
    private const string MarginBox = "font-family: \"DejaVu Sans\", Arial, Helvetica, sans-serif; font-size: 7.5pt; color: #555; vertical-align: top; padding-top: 3mm;";

    /// <summary>A CSS string literal holding <paramref name="text"/> and nothing else: no quote, backslash, line break or <c>&lt;</c> can end it or the style element.</summary>
    public static string CssString(string text)
    {
        var css = new StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            if (ch is '"' or '\\' or '<' or '>' or '&' || char.IsControl(ch))
                css.Append('\\').Append(((int)ch).ToString("X", CultureInfo.InvariantCulture)).Append(' ');
            else
                css.Append(ch);
        }
        return css.Append('"').ToString();
    }

    /// <summary>A moment as a Swede reads it on paper: local time in Sweden, to the minute.</summary>
    public static string SwedishTime(DateTimeOffset moment) => Sweden is null
        ? moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
        : TimeZoneInfo.ConvertTime(moment, Sweden).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Read(string name)
    {
        using var stream = typeof(DocumentStyle).Assembly.GetManifestResourceStream("documents/" + name)
            ?? throw new InvalidOperationException($"The stylesheet {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
