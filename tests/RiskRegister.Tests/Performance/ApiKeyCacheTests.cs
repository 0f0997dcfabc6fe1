using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace RiskRegister.Tests.Performance;

public sealed class ApiKeyCacheTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_key_revoked_in_the_database_is_refused_once_the_cache_is_invalidated()
    {
        const string key = "cache-test-auditor-key-0123456789";
        var cache = api.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>();
        // On PostgreSQL the cache serves once its listener listens (ClientChangeListener): at most a moment after start.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!cache.Trusted && DateTime.UtcNow < deadline) await Task.Delay(20);
        cache.Trusted.ShouldBeTrue();
        await using (var connection = api.Database.Open())
        {
            await connection.ExecuteAsync(
                "INSERT INTO clients (name, role, key_hash, created_at) VALUES ('cache-test', 'auditor', @hash, '2026-01-01T00:00:00.000Z')",
                new { hash = RiskRegister.Api.Auth.ApiKeys.Hash(key) });
        }
        var auditor = api.WithKey(key);
        (await auditor.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        await using (var connection = api.Database.Open())
        {
            await connection.ExecuteAsync("UPDATE clients SET revoked_at = '2026-01-02T00:00:00.000Z' WHERE name = 'cache-test'");
        }
        // Still cached: this is why every change to a client must invalidate.
        (await auditor.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        api.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>().Invalidate();

        (await auditor.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_and_not_remembered()
    {
        var stranger = api.WithKey("no-such-key-0123456789abcdef");

        (await stranger.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        api.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>()
            .TryGet(RiskRegister.Api.Auth.ApiKeys.Hash("no-such-key-0123456789abcdef"), out _).ShouldBeFalse();
    }
}
