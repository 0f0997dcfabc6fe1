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

    [Fact]
    public async Task A_remembered_key_is_one_principal_shared_by_its_requests_and_knows_its_caller()
    {
        var cache = api.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!cache.Trusted && DateTime.UtcNow < deadline) await Task.Delay(20);
        var admin = api.Admin();
        var board = await admin.CreateBoard("Nämnden för nyckelcachen");
        var key = (await admin.CreateClient("cache-test-registrator", "registrator", board.Id)).Key;
        var registrator = api.WithKey(key);
        (await registrator.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var hash = RiskRegister.Api.Auth.ApiKeys.Hash(key);
        cache.TryGetPrincipal(hash, out var first).ShouldBeTrue();
        (await registrator.GetAsync("/api/v1/units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        cache.TryGetPrincipal(hash, out var second).ShouldBeTrue();

        second.ShouldBeSameAs(first);
        var caller = RiskRegister.Api.Auth.Caller.From(first);
        RiskRegister.Api.Auth.Caller.From(first).ShouldBeSameAs(caller);
        // The same caller its claims make when read afresh.
        var read = RiskRegister.Api.Auth.Caller.From(new System.Security.Claims.ClaimsPrincipal(first.Identities));
        (caller.ClientId, caller.Name, caller.Role, caller.Via, caller.Subject, caller.Issuer)
            .ShouldBe((read.ClientId, read.Name, read.Role, read.Via, read.Subject, read.Issuer));
        caller.UnitIds.Order().ShouldBe(read.UnitIds.Order());
        caller.UnitIds.ShouldNotBeEmpty();
        // Counted by the rate limit as its client, as the claims read afresh are.
        var partition = RiskRegister.Api.Infrastructure.RateLimiting.PartitionOf(new Microsoft.AspNetCore.Http.DefaultHttpContext { User = first });
        partition.ShouldBe("client:" + caller.ClientId);
        RiskRegister.Api.Infrastructure.RateLimiting.PartitionOf(new Microsoft.AspNetCore.Http.DefaultHttpContext { User = new System.Security.Claims.ClaimsPrincipal(first.Identities) })
            .ShouldBe(partition);

        cache.Invalidate();
        cache.TryGetPrincipal(hash, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("bench-admin-key-not-for-production")]
    [InlineData("nyckel-med-åäö-och-€")]
    [InlineData("")]
    public void A_key_hashed_into_a_span_is_its_hash(string key)
    {
        Span<char> hash = stackalloc char[RiskRegister.Api.Auth.ApiKeys.HashLength];
        RiskRegister.Api.Auth.ApiKeys.Hash(key, hash);
        new string(hash).ShouldBe(RiskRegister.Api.Auth.ApiKeys.Hash(key));
        var longKey = new string('ö', 700) + key;   // past the stack buffer: a rented one
        RiskRegister.Api.Auth.ApiKeys.Hash(longKey, hash);
        new string(hash).ShouldBe(RiskRegister.Api.Auth.ApiKeys.Hash(longKey));
    }
}
