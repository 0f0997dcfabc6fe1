using System.Text;

namespace RiskRegister.Api.Infrastructure;

/// <summary>RFC 4180 CSV, safe to open in a spreadsheet.</summary>
public static class Csv
{
    /// <summary>
    /// One field: a value starting with <c>= + - @</c> (or tab / carriage return) would be run as a formula by
    /// Excel or LibreOffice, so it gets a leading apostrophe; then quoted when it holds a comma, quote or line break,
    /// with quotes doubled.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
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
