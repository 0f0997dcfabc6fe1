using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Lends out open SQLite connections, one per operation, and takes them back on dispose with the statements they have
/// prepared (see <see cref="PooledConnection"/>). The per-connection settings (foreign keys, busy timeout, synchronous)
/// are made once, when a connection is opened.
/// </summary>
public sealed class Db : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly ConcurrentStack<PooledConnection> _idle = new();
    // Connections in use at once are about the requests running on the thread pool; an idle one costs its page cache.
    private readonly int _maxIdle = Math.Max(16, Environment.ProcessorCount * 8);
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private volatile bool _disposed;

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
            // This class is the pool: its connections stay open, so their prepared statements survive.
            Pooling = false,
            DefaultTimeout = Math.Max(1, settings.BusyTimeoutMilliseconds / 1000),
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>How many open connections wait for reuse (for tests).</summary>
    internal int IdleCount => _idle.Count;

    /// <summary>An open connection; disposing it gives it back.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryPop(out var idle)) return idle;
        var connection = new PooledConnection(_connectionString, this);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            connection.Discard();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// Opens a connection and starts a write transaction. Writers in this process take turns at the writer gate (see
    /// <see cref="WriteTransaction"/>); BEGIN IMMEDIATE and the busy timeout still order them with other processes.
    /// </summary>
    public async Task<(SqliteConnection Connection, DbTransaction Transaction)> BeginWriteAsync(CancellationToken ct)
    {
        // The gate first: a writer waiting for its turn holds no connection, so the queue does not drain the pool.
        await _writerGate.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            return (connection, new WriteTransaction(connection.BeginTransaction(deferred: false), _writerGate));
        }
        catch
        {
            _writerGate.Release();
            if (connection is not null) await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes a connection back, unless the pool is full or shut down, or a transaction was left open on it: that one is
    /// closed instead, which rolls the transaction back.
    /// </summary>
    internal bool TryReturn(PooledConnection connection)
    {
        if (_disposed || _idle.Count >= _maxIdle || connection.InTransaction) return false;
        _idle.Push(connection);
        // Shut down while this one was on its way back: close it here, as Dispose did with the others.
        if (_disposed && _idle.TryPop(out var late)) late.Discard();
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) connection.Discard();
    }
}
