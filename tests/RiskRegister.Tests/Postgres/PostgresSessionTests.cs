using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// The sessions the service's own connections run in on PostgreSQL: without JIT, and with the writers' lock timeout,
/// also on the connection the migrations used (they wait without one, then reset it).
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class PostgresSessionTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task The_service_s_connections_run_without_JIT_and_with_the_busy_timeout_as_lock_timeout()
    {
        _ = api.Server;   // the migrations applied, on a connection now back in the pool
        var db = api.Services.GetRequiredService<Db>();
        await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
        (await connection.ExecuteScalarAsync<string>("SHOW jit")).ShouldBe("off");
        (await connection.ExecuteScalarAsync<string>("SHOW lock_timeout")).ShouldBe("5s");
    }
}
