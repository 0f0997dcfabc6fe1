using System.Globalization;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Dates are ISO-8601 TEXT on SQLite and DATE on PostgreSQL (see migrations/postgres/0001_initial.sql); Dapper needs to
/// be told how to write them, and the hand-read risk row how to read them.
/// </summary>
public sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        if (parameter is Npgsql.NpgsqlParameter)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
            return;
        }
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public override DateOnly Parse(object value) => From(value);

    /// <summary>A date column read by ordinal, from either database.</summary>
    public static DateOnly Read(IDataRecord record, int ordinal) => From(record.GetValue(ordinal));

    private static DateOnly From(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        _ => ParseText((string)value),
    };

    public static DateOnly ParseText(string text) => ParseText(text.AsSpan());

    /// <summary>
    /// <c>yyyy-MM-dd</c>, as <see cref="DateOnly.ParseExact(string, string, IFormatProvider?, DateTimeStyles)"/> reads it:
    /// the stored form (ten ASCII characters, a real date) read directly, anything else by ParseExact itself, so its
    /// answer and its exception stay what they were (ParseExact walks its format's pattern for every date of a row).
    /// </summary>
    public static DateOnly ParseText(ReadOnlySpan<char> text) =>
        TryStored(text, out var date) ? date : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date in exactly the stored form, <c>dddd-dd-dd</c> of ASCII digits naming a real day (year 1 or later).</summary>
    internal static bool TryStored(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        var year = 0;
        for (var i = 0; i < 4; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            year = year * 10 + digit;
        }
        int month = text[5] - '0', month2 = text[6] - '0', day = text[8] - '0', day2 = text[9] - '0';
        if ((uint)month > 9 || (uint)month2 > 9 || (uint)day > 9 || (uint)day2 > 9) return false;
        month = month * 10 + month2;
        day = day * 10 + day2;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }
}
