using Npgsql;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>What the service adds to a PostgreSQL connection string it is given (no server needed: nothing connects).</summary>
public sealed class PostgresConnectionTests
{
    private static NpgsqlConnectionStringBuilder Used(string connectionString)
    {
        using var db = new PostgresDb(new DatabaseSettings { Provider = "postgres", ConnectionString = connectionString });
        return new NpgsqlConnectionStringBuilder(db.ConnectionString);
    }

    [Fact]
    public void Pooled_connections_are_not_reset_on_return_and_statements_are_prepared_unless_the_connection_string_says_otherwise()
    {
        var used = Used("Host=localhost;Database=riskregister;Username=riskregister");
        used.NoResetOnClose.ShouldBeTrue();
        used.MaxAutoPrepare.ShouldBe(PostgresDb.AutoPrepared);

        var given = Used("Host=localhost;Database=riskregister;Username=riskregister;No Reset On Close=false;Max Auto Prepare=8");
        given.NoResetOnClose.ShouldBeFalse();
        given.MaxAutoPrepare.ShouldBe(8);
    }

    [Fact]
    public void Statements_run_without_JIT_and_writers_wait_the_busy_timeout_unless_the_connection_string_gives_its_own_options()
    {
        Used("Host=localhost;Database=riskregister;Username=riskregister").Options.ShouldBe("-c lock_timeout=5000 -c jit=off");
        Used("Host=localhost;Database=riskregister;Username=riskregister;Options=-c jit=on").Options.ShouldBe("-c jit=on");
    }
}
