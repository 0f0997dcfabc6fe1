using RiskRegister.Api.Features.Health.Ready;

namespace RiskRegister.Tests.Features;

/// <summary>The service on a register with a size quota (Database:MaxSizeMegabytes): a full store, as on a full disk.</summary>
public sealed class SmallRegisterApi : SqliteApi
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Database:MaxSizeMegabytes", "1")];
}

/// <summary>Readiness, and what a client gets when the store is full: 507, nothing half-written, and service resumed once space returns.</summary>
[Trait("Database", "SQLite")]
public sealed class StorageTests(SmallRegisterApi api) : IClassFixture<SmallRegisterApi>
{
    [Fact]
    public async Task A_full_store_answers_507_readiness_says_why_and_both_recover_when_space_returns()
    {
        var admin = api.Admin();
        var anonymous = api.WithKey(null);
        var ready = await anonymous.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Json()).GetProperty("migrations").GetInt32().ShouldBe(RiskRegister.Api.Infrastructure.MigrationRunner.Scripts(RiskRegister.Api.Infrastructure.DatabaseProvider.Sqlite).Count);

        var plan = await admin.CreatePlan(await admin.CreateAdministration("Full disk"));
        var risks = new List<long>();
        HttpResponseMessage full;
        while (true)
        {
            full = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", new
            {
                title = $"Risk {risks.Count}", description = new string('å', 3900), probability = 2, consequence = 2, handlingMethod = "none",
            });
            if (full.StatusCode != HttpStatusCode.Created) break;
            risks.Add((await full.Json()).GetProperty("id").GetInt64());
            risks.Count.ShouldBeLessThan(200, "the quota should have been reached");
        }

        full.StatusCode.ShouldBe(HttpStatusCode.InsufficientStorage);
        full.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await full.Json()).GetProperty("detail").GetString()!.ShouldContain("storage is full");
        (await admin.GetOk($"/api/v1/plans/{plan}")).GetProperty("risks").GetArrayLength().ShouldBe(risks.Count);   // nothing half-written
        await Task.Delay(ReadinessProbe.Fresh + TimeSpan.FromMilliseconds(100));   // past the last probe's answer
        var notReady = await anonymous.GetAsync("/health/ready");
        notReady.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await notReady.Json()).GetProperty("detail").GetString()!.ShouldContain("storage is full");
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);   // alive, reads go on

        // Space returns (as when an operator frees the disk; here the filler risks' history is removed behind the
        // service's back): writes and readiness resume, without a restart.
        using (var operatorConnection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabasePath};Pooling=False"))
        {
            operatorConnection.Open();
            using var free = operatorConnection.CreateCommand();
            free.CommandText = "DELETE FROM history WHERE entity = 'risk' AND action = 'created'";
            free.ExecuteNonQuery();
        }
        await Task.Delay(ReadinessProbe.Fresh + TimeSpan.FromMilliseconds(100));
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", Risks.Lower("Efter städningen"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
