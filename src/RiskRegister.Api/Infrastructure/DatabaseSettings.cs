namespace RiskRegister.Api.Infrastructure;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseSettings
{
    /// <summary>The SQLite file. Its directory is created when missing.</summary>
    public string Path { get; set; } = "data/riskregister.db";

    /// <summary>How long a writer waits for another writer's lock before giving up.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>
    /// Largest size of the register file, in MiB (0: as large as the disk allows). Past it every write answers
    /// <c>507</c> as on a full disk, and reads go on: a quota for a register on a shared disk.
    /// </summary>
    public int MaxSizeMegabytes { get; set; }
}
