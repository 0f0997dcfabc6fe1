using Microsoft.Extensions.Configuration;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>On PostgreSQL the thread pool's idle workers sleep without spinning; on SQLite, or when the operator says, the runtime's own setting holds.</summary>
public sealed class ThreadPoolSpinningTests
{
    [Fact]
    public void On_PostgreSQL_idle_workers_do_not_spin()
    {
        ThreadPoolSpinning.LimitFor(DatabaseProvider.Postgres, setByOperator: false).ShouldBe(0);
    }

    [Fact]
    public void On_SQLite_or_when_the_operator_set_a_limit_the_runtime_keeps_its_own()
    {
        ThreadPoolSpinning.LimitFor(DatabaseProvider.Sqlite, setByOperator: false).ShouldBeNull();
        ThreadPoolSpinning.LimitFor(DatabaseProvider.Postgres, setByOperator: true).ShouldBeNull();
    }

    [Fact]
    public void Once_the_thread_pool_runs_nothing_is_set()
    {
        // The runtime has read the limit when the pool started its first worker: setting it later would only mislead.
        ThreadPool.ThreadCount.ShouldBeGreaterThan(0);
        var postgres = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "postgres" }).Build();
        ThreadPoolSpinning.Apply(postgres).ShouldBeFalse();
        AppContext.GetData(ThreadPoolSpinning.SpinLimit).ShouldBeNull();
    }
}
