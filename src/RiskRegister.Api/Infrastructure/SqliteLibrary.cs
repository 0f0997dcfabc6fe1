using SQLitePCL;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Process-wide SQLite settings, made before the first connection opens (SQLite refuses them afterwards).
/// Multi-thread mode: a connection is used by one request at a time (Db lends each out to one caller), so SQLite's
/// per-connection mutex, taken on every call down to reading a column, protects nothing. Memory statistics off: they
/// take a global mutex on every allocation, which all connections contend for.
/// </summary>
public static class SqliteLibrary
{
    /// <summary>Whether the settings took (false when some connection opened first, e.g. in a test process).</summary>
    public static bool Configured { get; private set; }

    private static readonly Lock Gate = new();

    public static void Configure()
    {
        lock (Gate)
        {
            if (Configured) return;
            Batteries_V2.Init();
            Configured = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK
                         & raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        }
    }
}
