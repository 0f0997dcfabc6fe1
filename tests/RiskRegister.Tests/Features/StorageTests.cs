using RiskRegister.Api.Features.Health.Ready;

namespace RiskRegister.Tests.Features;

/// <summary>The service on a register with a size quota (Database:MaxSizeMegabytes): a full store, as on a full disk.</summary>
public sealed class SmallRegisterApi : SqliteApi
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Database:MaxSizeMegabytes", "1")];
}

/// <summary>
/// Readiness, and what a client gets when the store is full: 507, nothing half-written, the quota of file and log never
/// overshot (issue 22: 17.1 MiB on disk for a 6 MB quota, 20 writes accepted after the first 507), readiness still
/// 200 for reads with writable false, and service resumed once space returns.
/// </summary>
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
        // Never overshot: smaller writes may still fit, until none does; file, log and its index stay within the quota.
        static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
        long OnDisk() => Size(api.DatabasePath) + Size(api.DatabasePath + "-wal") + Size(api.DatabasePath + "-shm");
        // Checkpointing the log gives back room (the log counts): fill again after each checkpoint until none is left.
        var small = 0;
        for (var round = 0; ; round++)
        {
            round.ShouldBeLessThan(20, "the quota should have been reached");
            using (var checkpoint = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabasePath};Pooling=False"))
            {
                checkpoint.Open();
                using var command = checkpoint.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                command.ExecuteNonQuery();
            }
            var accepted = 0;
            while ((await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", Risks.Lower($"Efter {small}"))).StatusCode == HttpStatusCode.Created)
            {
                OnDisk().ShouldBeLessThanOrEqualTo(1024 * 1024);
                accepted++;
                (++small).ShouldBeLessThan(1000, "the quota should have been reached");
            }
            OnDisk().ShouldBeLessThanOrEqualTo(1024 * 1024);
            if (accepted == 0) break;
        }
        // Whatever the log holds at this moment, the file itself full (as by another program on a shared quota): no
        // room for a write whatever is checkpointed.
        using (var filler = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabasePath};Pooling=False"))
        {
            filler.Open();
            using var command = filler.CreateCommand();
            command.CommandText = "UPDATE health_probe SET filler = zeroblob(1048576) WHERE id = 1";
            command.ExecuteNonQuery();
        }
        await Task.Delay(ReadinessProbe.Fresh + TimeSpan.FromMilliseconds(100));   // past the last probe's answer
        var readOnly = await anonymous.GetAsync("/health/ready");
        readOnly.StatusCode.ShouldBe(HttpStatusCode.OK);   // reads are served: a balancer keeps sending them
        var readiness = await readOnly.Json();
        readiness.GetProperty("writable").GetBoolean().ShouldBeFalse();
        readiness.GetProperty("notWritable").GetString()!.ShouldContain("storage is full");
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);   // alive, reads go on

        // Space returns (as when an operator frees the disk; here the filler risks' history is removed behind the
        // service's back): writes and readiness resume, without a restart.
        using (var operatorConnection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabasePath};Pooling=False"))
        {
            operatorConnection.Open();
            using var free = operatorConnection.CreateCommand();
            free.CommandText = "UPDATE health_probe SET filler = NULL WHERE id = 1; DELETE FROM history WHERE entity = 'risk' AND action = 'created'; DELETE FROM risks; PRAGMA wal_checkpoint(TRUNCATE);";
            free.ExecuteNonQuery();
        }
        await Task.Delay(ReadinessProbe.Fresh + TimeSpan.FromMilliseconds(100));
        var again = await anonymous.GetAsync("/health/ready");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Json()).GetProperty("writable").GetBoolean().ShouldBeTrue();
        (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", Risks.Lower("Efter städningen"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
