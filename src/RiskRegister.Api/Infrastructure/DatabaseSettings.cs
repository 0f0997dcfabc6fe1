namespace RiskRegister.Api.Infrastructure;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseSettings
{
    /// <summary>The SQLite file. Its directory is created when missing.</summary>
    public string Path { get; set; } = "data/riskregister.db";

    /// <summary>How long a writer waits for another writer's lock before giving up.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
