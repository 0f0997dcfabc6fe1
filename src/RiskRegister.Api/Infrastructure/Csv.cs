using System.Text;

namespace RiskRegister.Api.Infrastructure;

/// <summary>RFC 4180 CSV, safe to open in a spreadsheet.</summary>
public static class Csv
{
    /// <summary>
    /// The first line: Excel picks the separator from it instead of the reader's locale (Swedish Excel would split on
    /// <c>;</c>, putting a whole row in one cell and reading <c>;=…</c> inside a text as a formula).
    /// </summary>
    public const string SeparatorLine = "sep=,\r\n";

    // What a spreadsheet may start a formula with: = + - @ and their full-width forms (Excel folds those), tab and CR.
    private const string FormulaStarts = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    /// <summary>
    /// One field: a value that starts with a formula character (after any spaces or separators a spreadsheet might
    /// skip) gets a leading apostrophe, so it is shown as text; then quoted when it holds a comma, a semicolon, a quote
    /// or a line break, with quotes doubled.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var first = value.AsSpan().TrimStart(" ;,\u3000");
        if (!first.IsEmpty && FormulaStarts.Contains(first[0])) value = "'" + value;
        return value.AsSpan().IndexOfAny(",;\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>Appends one record, CRLF-terminated as RFC 4180 asks.</summary>
    public static StringBuilder Row(this StringBuilder csv, params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Field(fields[i]));
        }
        return csv.Append("\r\n");
    }
}
