using System.Globalization;

namespace RiskRegister.Api.Infrastructure;

/// <summary>Dates are stored as ISO-8601 TEXT; Dapper needs to be told how to read and write them.</summary>
public sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public override DateOnly Parse(object value) => ParseText((string)value);

    public static DateOnly ParseText(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
