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

    public static DateOnly ParseText(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
