using Npgsql;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>Operating a PostgreSQL register: a dump restored elsewhere reads the same; readiness follows the server.</summary>
[Trait("Database", "PostgreSQL")]
public sealed class PostgresOperationsTests
{
    private static string Bin(string tool) =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderDescending().First();

    private static IEnumerable<string> Connection(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return ["-h", c.Host!, "-p", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", c.Username!];
    }

    [Fact]
    public async Task A_pg_dump_restored_into_a_fresh_database_reads_back_the_same_through_the_API()
    {
        var original = TestDatabase.Create(DatabaseProvider.Postgres);
        var restored = TestDatabase.Create(DatabaseProvider.Postgres);
        var dump = Path.Combine(Path.GetTempPath(), $"riskregister-{Guid.NewGuid():N}.dump");
        try
        {
            long planId, riskId;
            string plan, risk;
            await using (var api = new ApiFixture { Database = original, KeepDatabase = true })
            {
                await api.InitializeAsync();
                (planId, _, riskId) = await api.Admin().AdoptedPlan(2023);
                plan = await (await api.Admin().GetAsync($"/api/v1/plans/{planId}")).Content.ReadAsStringAsync();
                risk = await (await api.Admin().GetAsync($"/api/v1/risks/{riskId}/history")).Content.ReadAsStringAsync();
            }
            var source = new NpgsqlConnectionStringBuilder(original.ConnectionString);
            var target = new NpgsqlConnectionStringBuilder(restored.ConnectionString);
            // As the README gives them (the target database is created empty by TestDatabase, as createdb would).
            await Tools.RunAsync(Bin("pg_dump"), "postgresql-client", [.. Connection(original.ConnectionString), "-Fc", "-d", source.Database!, "-f", dump]);
            await Tools.RunAsync(Bin("pg_restore"), "postgresql-client", [.. Connection(restored.ConnectionString), "-d", target.Database!, "--no-owner", dump]);

            await using var after = new ApiFixture { Database = restored, KeepDatabase = true };
            await after.InitializeAsync();
            (await (await after.Admin().GetAsync($"/api/v1/plans/{planId}")).Content.ReadAsStringAsync()).ShouldBe(plan);
            (await (await after.Admin().GetAsync($"/api/v1/risks/{riskId}/history")).Content.ReadAsStringAsync()).ShouldBe(risk);
            // Its identities go on where the original's stopped.
            (await after.Admin().AddRisk(await after.Admin().CreatePlan(await after.Admin().CreateAdministration("Efter återläsning"), 2024), Risks.Lower()))
                .ShouldBeGreaterThan(riskId);
        }
        finally
        {
            File.Delete(dump);
            original.Drop();
            restored.Drop();
        }
    }

    [Fact]
    public async Task Readiness_answers_503_while_the_database_refuses_connections_and_200_again_without_a_restart()
    {
        await using var api = new ApiFixture { Database = TestDatabase.Create(DatabaseProvider.Postgres) };
        await api.InitializeAsync();
        var anonymous = api.WithKey(null);
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var name = new NpgsqlConnectionStringBuilder(api.Database.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(PostgresServer.Shared.AdminConnectionString);
        await admin.OpenAsync();
        try
        {
            // As a stopped server looks to the service: every connection refused, the pooled ones cut.
            await admin.ExecuteAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", new { name });
            NpgsqlConnection.ClearAllPools();
            await Task.Delay(ReadinessFresh);
            var down = await anonymous.GetAsync("/health/ready");
            down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await down.Json()).GetProperty("detail").GetString()!.ShouldContain("Not ready");
            (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);   // alive all the same
        }
        finally
        {
            await admin.ExecuteAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }
        await Task.Delay(ReadinessFresh);
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static readonly TimeSpan ReadinessFresh = TimeSpan.FromMilliseconds(1100);
}
