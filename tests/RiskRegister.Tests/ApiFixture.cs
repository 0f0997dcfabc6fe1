using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace RiskRegister.Tests;

/// <summary>
/// The real service on a real SQLite file of its own: one per test class (xunit class fixture).
/// Migrations run exactly as at start-up. Tests create their own units and plans, so they never depend on order.
/// </summary>
public class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "riskregister-tests", $"{Guid.NewGuid():N}.db");

    /// <summary>Extra configuration a derived fixture sets (e.g. a different scale).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = DatabasePath,
            ["Auth:BootstrapAdminKey"] = AdminKey,
            // Tests make hundreds of requests a second; RateLimitTests turns the limit back on.
            ["RateLimit:PermitsPerMinute"] = "0",
        }.Concat(Settings())));
    }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public ValueTask InitializeAsync()
    {
        _ = Server; // starts the host: migrations and bootstrap run now
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(DatabasePath + suffix);
        GC.SuppressFinalize(this);
    }

    public static readonly JsonSerializerOptions Json = RiskRegister.Api.Infrastructure.ApiJson.Options;
}

/// <summary>Helpers that read like the steps of the cycle.</summary>
public static class Api
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PostOk(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, ApiFixture.Json);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> PutOk(this HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, ApiFixture.Json);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> GetOk(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<long> CreateAdministration(this HttpClient client, string name = "Digitalisering IT och MT")
    {
        var board = await client.PostOk("/api/v1/units", new { name = "Nämnden för " + name, kind = "board" });
        var unit = await client.PostOk("/api/v1/units", new { name, kind = "administration", parentId = board.GetProperty("id").GetInt64() });
        return unit.GetProperty("id").GetInt64();
    }

    public static async Task<long> CreatePlan(this HttpClient client, long unitId, int year = 2023)
    {
        var plan = await client.PostOk("/api/v1/plans", new { unitId, year });
        return plan.GetProperty("id").GetInt64();
    }
}
