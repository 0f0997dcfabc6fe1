using System.Text;
using Dapper;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests;

/// <summary>Every row of every table of a test's database, as text: equal snapshots mean nothing was written.</summary>
public static class DatabaseSnapshot
{
    public static string Take(TestDatabase database)
    {
        using var connection = database.Open();
        var tables = connection.Query<string>(database.Provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name").ToList();
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            using var reader = select.ExecuteReader();
            text.Append('#').AppendLine(table);
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
