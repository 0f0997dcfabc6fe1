using Npgsql;

namespace RiskRegister.Api.Infrastructure;

/// <summary>The one place where a statement's text depends on the database, because Dapper sends it differently.</summary>
public static class SqlDialect
{
    /// <summary>
    /// <c>column IN @list</c>. Dapper expands a list into one parameter per item on SQLite, but hands PostgreSQL one
    /// array parameter (Npgsql takes arrays), which is tested with <c>= ANY</c>.
    /// </summary>
    public static string InList(IDbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>As the other overload, for a statement written before its connection is opened.</summary>
    public static string InList(Db db, string column, string parameter) =>
        db.Provider == DatabaseProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>
    /// <c>column IN</c> a list of ids given as one parameter of <see cref="Ids"/>: on SQLite a JSON array read by
    /// <c>json_each</c>, so the statement's text (and its prepared statement) is the same whatever the list's length; on
    /// PostgreSQL an array.
    /// </summary>
    public static string InIds(Db db, string column, string parameter) =>
        db.Provider == DatabaseProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    /// <summary>The parameter's value for <see cref="InIds"/>.</summary>
    public static object Ids(Db db, IReadOnlyCollection<long> ids)
    {
        if (db.Provider == DatabaseProvider.Postgres) return ids as long[] ?? ids.ToArray();
        var text = new System.Text.StringBuilder(ids.Count * 8 + 2).Append('[');
        foreach (var id in ids) (text.Length > 1 ? text.Append(',') : text).Append(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.Append(']').ToString();
    }

    /// <summary>The integer member <paramref name="member"/> of the JSON object in text column <paramref name="column"/>; null when absent.</summary>
    public static string JsonInteger(Db db, string column, string member) =>
        db.Provider == DatabaseProvider.Postgres ? $"CAST(CAST({column} AS json) ->> '{member}' AS BIGINT)" : $"json_extract({column}, '$.{member}')";

    /// <summary>
    /// <paramref name="sql"/> with each <c>@name</c> of <paramref name="names"/> written <c>$1, $2, …</c> in the order given,
    /// for PostgreSQL: Npgsql sends such a text as it is, where with <c>@names</c> it parses the statement on every run to
    /// split and number them (the database runs the same statement either way). Give the names in the order Npgsql would
    /// number them, and build the text once.
    /// </summary>
    public static string Positional(string sql, params ReadOnlySpan<string> names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            var number = "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            sql = System.Text.RegularExpressions.Regex.Replace(sql, $@"@{names[i]}\b", _ => number);
        }
        return sql;
    }
}
