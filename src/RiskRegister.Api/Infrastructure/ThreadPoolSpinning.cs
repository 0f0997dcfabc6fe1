namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// On PostgreSQL the thread pool's idle workers do not spin before they sleep. A request on PostgreSQL waits for the
/// database's answer at least once; meanwhile the worker that ran it has nothing to do and, by .NET's default, spins
/// and yields (<c>sched_yield</c>) for a while before it sleeps: CPU taken from the database's own processes on the
/// same machine, for a wake-up a little sooner. SQLite's reads do not wait on a socket, and its fastest requests gain
/// from the spin, so there the default stays (measured both ways: bench/README.md, "PostgreSQL reads against
/// SQLite's (issue 28, sixth round)").
/// </summary>
public static class ThreadPoolSpinning
{
    /// <summary>The runtime's setting (runtimeconfig); <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c> in the environment comes before it.</summary>
    public const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    /// <summary>
    /// The spin limit for <paramref name="provider"/>: 0 on PostgreSQL, none (the runtime's default) on SQLite or when
    /// the operator has set one (environment or runtimeconfig).
    /// </summary>
    public static int? LimitFor(DatabaseProvider provider, bool setByOperator) =>
        provider == DatabaseProvider.Postgres && !setByOperator ? 0 : null;

    /// <summary>
    /// Sets the limit for the configured database. The runtime reads it once, when the thread pool starts its first
    /// worker, so this runs first thing in Program; later (a test host in a process already running) it changes nothing
    /// and says so (false).
    /// </summary>
    public static bool Apply(IConfiguration configuration)
    {
        var settings = configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
        DatabaseProvider provider;
        try { provider = settings.ProviderKind; }
        catch (InvalidOperationException) { return false; }   // a wrong provider stops the start later, naming the key
        var setByOperator = AppContext.GetData(SpinLimit) is not null
            || Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") is not null
            || Environment.GetEnvironmentVariable("COMPlus_ThreadPool_UnfairSemaphoreSpinLimit") is not null;
        if (LimitFor(provider, setByOperator) is not { } limit) return false;
        if (ThreadPool.ThreadCount > 0) return false;
        AppContext.SetData(SpinLimit, limit);
        return true;
    }
}
