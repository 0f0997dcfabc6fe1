namespace RiskRegister.Api.Infrastructure;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseSettings : ISettings
{
    public static string Section => "Database";

    /// <summary><c>sqlite</c> (the default: the embedded file at <see cref="Path"/>) or <c>postgres</c> (at <see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For <c>postgres</c>: an Npgsql connection string (<c>Host=…;Port=5432;Database=riskregister;Username=…;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The SQLite file. Its directory is created when missing.</summary>
    public string Path { get; set; } = "data/riskregister.db";

    /// <summary>How long a writer waits for another writer's lock before giving up (<c>503</c>).</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>
    /// Largest size of the register file, in MiB (0: as large as the disk allows). Past it every write answers
    /// <c>507</c> as on a full disk, and reads go on: a quota for a register on a shared disk. SQLite only (on
    /// PostgreSQL, quotas are the cluster's business: tablespaces and disk).
    /// </summary>
    public int MaxSizeMegabytes { get; set; }

    public DatabaseProvider ProviderKind => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" or "" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider is '{Provider}'; it must be sqlite or postgres."),
    };

    public IEnumerable<string> Problems()
    {
        if (Provider.Trim().ToLowerInvariant() is not ("sqlite" or "" or "postgres" or "postgresql"))
            yield return $"Database:Provider is '{Provider}'; it must be sqlite or postgres.";
        if (BusyTimeoutMilliseconds < 0) yield return $"Database:BusyTimeoutMilliseconds: {BusyTimeoutMilliseconds} is below 0.";
        if (MaxSizeMegabytes < 0) yield return $"Database:MaxSizeMegabytes: {MaxSizeMegabytes} is below 0 (0: as large as the disk allows).";
    }
}
