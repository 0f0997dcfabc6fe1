namespace RiskRegister.Tests.Access;

public static class ClientHelpers
{
    /// <summary>Creates an API client through the API; returns its id and its (once-shown) key.</summary>
    public static async Task<(long Id, string Key)> CreateApiClient(this HttpClient admin, string name, string role, params long[] unitIds)
    {
        var created = await admin.CreateClient(name, role, unitIds);
        return (created.Id, created.Key);
    }

    /// <summary>The history rows of one entity, oldest first, read straight from the database.</summary>
    public static List<(string Action, string ClientName, string? Before, string? After)> StoredHistory(this ApiFixture api, string entity, long entityId)
    {
        using var connection = api.Database.Open();
        return connection.Query<(string, string, string?, string?)>(
            "SELECT action, client_name, before_json, after_json FROM history WHERE entity = @entity AND entity_id = @entityId ORDER BY id",
            new { entity, entityId }).ToList();
    }

    /// <summary>All history rows in the database: a rejected write must not change this.</summary>
    public static long HistoryCount(this ApiFixture api)
    {
        using var connection = api.Database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM history");
    }
}
