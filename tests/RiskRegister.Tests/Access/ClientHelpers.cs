using Microsoft.Data.Sqlite;

namespace RiskRegister.Tests.Access;

public static class ClientHelpers
{
    /// <summary>Creates an API client through the API; returns its id and its (once-shown) key.</summary>
    public static async Task<(long Id, string Key)> CreateApiClient(this HttpClient admin, string name, string role, params long[] unitIds)
    {
        var created = await admin.PostOk("/api/v1/clients", unitIds.Length == 0 ? new { name, role } : (object)new { name, role, unitIds });
        return (created.GetProperty("id").GetInt64(), created.GetProperty("key").GetString()!);
    }

    /// <summary>The history rows of one entity, oldest first, read straight from the database file.</summary>
    public static List<(string Action, string ClientName, string? Before, string? After)> StoredHistory(this ApiFixture api, string entity, long entityId)
    {
        using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT action, client_name, before_json, after_json FROM history WHERE entity = $entity AND entity_id = $id ORDER BY id";
        command.Parameters.AddWithValue("$entity", entity);
        command.Parameters.AddWithValue("$id", entityId);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string?, string?)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rows;
    }

    /// <summary>All history rows in the database: a rejected write must not change this.</summary>
    public static long HistoryCount(this ApiFixture api)
    {
        using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM history";
        return (long)command.ExecuteScalar()!;
    }
}
