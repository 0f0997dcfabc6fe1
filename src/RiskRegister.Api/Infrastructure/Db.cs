using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Opens one SQLite connection per operation. Pooling keeps that cheap; the per-connection
/// pragmas (foreign keys, busy timeout) are set on every open because SQLite keeps them per connection.
/// </summary>
public sealed class Db
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;

    public Db(IOptions<DatabaseSettings> options)
    {
        var settings = options.Value;
        var fullPath = System.IO.Path.GetFullPath(settings.Path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        FilePath = fullPath;
        _busyTimeoutMilliseconds = settings.BusyTimeoutMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = Math.Max(1, settings.BusyTimeoutMilliseconds / 1000),
        }.ToString();
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Opens a connection and starts a write transaction (BEGIN IMMEDIATE, so two writers queue instead of deadlocking).</summary>
    public async Task<(SqliteConnection Connection, SqliteTransaction Transaction)> BeginWriteAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        var transaction = connection.BeginTransaction(deferred: false);
        return (connection, transaction);
    }
}
