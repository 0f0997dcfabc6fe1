using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The SQLite register. Lends out open SQLite connections, one per operation, and takes them back on dispose with the statements they have
/// prepared (see <see cref="PooledConnection"/>). Writes take turns on one writer connection of their own (see
/// <see cref="WriteTransaction"/>). The per-connection settings (foreign keys, busy timeout, synchronous) are made once,
/// when a connection is opened.
/// </summary>
public sealed class SqliteDb : Db
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly int _maxSizeMegabytes;
    private readonly ConcurrentStack<PooledConnection> _idle = new();
    // Connections in use at once are about the requests running on the thread pool; an idle one costs its page cache.
    private readonly int _maxIdle = Math.Max(16, Environment.ProcessorCount * 8);
    private readonly SemaphoreSlim _writerTurn = new(1, 1);
    private PooledConnection? _writer;
    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private int _commitsSinceCheckpoint;
    private volatile bool _disposed;

    /// <summary>
    /// About 8 log pages a write (a row and its indexes, the plan's version, the history row and its indexes): 100 commits
    /// is SQLite's own default of 1000 pages. The connections' own checkpoint, the fallback, waits for ten times that.
    /// </summary>
    internal const int CheckpointEveryCommits = 100;
    private const int FallbackAutoCheckpointPages = 10_000;

    static SqliteDb() => SqliteLibrary.Configure();

    public SqliteDb(IOptions<DatabaseSettings> options) : this(options.Value) { }

    public SqliteDb(DatabaseSettings settings)
    {
        var fullPath = System.IO.Path.GetFullPath(settings.Path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        PrivateFile.CreateIfMissing(fullPath);
        FilePath = fullPath;
        _busyTimeoutMilliseconds = settings.BusyTimeoutMilliseconds;
        _maxSizeMegabytes = settings.MaxSizeMegabytes;
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

    /// <summary><c>Database:MaxSizeMegabytes</c> in bytes; 0: no quota.</summary>
    internal long QuotaBytes => _maxSizeMegabytes * 1024L * 1024L;

    /// <summary>
    /// Room a write must find before it starts: a large one (a risk with all its texts, its history and indexes, a
    /// kept Idempotency-Key answer) fits in it. An eighth of the quota, at most 1 MiB.
    /// </summary>
    internal long Reserve => Math.Min(QuotaBytes / 8, 1024L * 1024L);

    /// <summary>What the register takes on disk: the file and its write-ahead log (and the log's index).</summary>
    internal long UsedBytes()
    {
        long Size(string path) { try { return new FileInfo(path).Length; } catch (IOException) { return 0; } }
        return Size(FilePath) + Size(FilePath + "-wal") + Size(FilePath + "-shm");
    }

    /// <summary>
    /// The quota (<c>Database:MaxSizeMegabytes</c>) counts the file and its log, and is never overshot: a write starts
    /// only with <see cref="Reserve"/> left, and commits only if what it adds (the pages it grew the file by, twice:
    /// once in the log, once when checkpointed) still fits. Near the quota the log is first checkpointed and cut back.
    /// Out of room: SQLite's own "full" error, answered 507 like a full disk.
    /// </summary>
    internal async Task EnsureRoomAsync(PooledConnection writer, long addedBytes, CancellationToken ct, IDbTransaction? transaction = null)
    {
        if (QuotaBytes <= 0) return;
        if (await TakenAsync() + addedBytes + Reserve <= QuotaBytes) return;
        if (!writer.InTransaction)
        {
            await writer.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct));
            if (await TakenAsync() + addedBytes + Reserve <= QuotaBytes) return;
        }
        throw new SqliteException($"database or disk is full: Database:MaxSizeMegabytes ({_maxSizeMegabytes} MiB) counts the file and its log", 13);

        // The file's free pages (left by deletions) are used again before the file grows: they are room.
        async Task<long> TakenAsync() => UsedBytes()
            - await writer.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA freelist_count", transaction: transaction, cancellationToken: ct))
            * await writer.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_size", transaction: transaction, cancellationToken: ct));
    }

    /// <summary>Before a commit: the bytes the transaction grew the file by, in the log and again in the file.</summary>
    internal async Task EnsureRoomToCommitAsync(PooledConnection writer, IDbTransaction transaction, long pagesAtStart, CancellationToken ct)
    {
        if (QuotaBytes <= 0) return;
        var (pages, pageSize) = await PagesAsync(writer, ct, transaction);
        await EnsureRoomAsync(writer, Math.Max(0, pages - pagesAtStart) * pageSize * 2, ct, transaction);
    }

    internal static async Task<(long Pages, long PageSize)> PagesAsync(PooledConnection connection, CancellationToken ct, IDbTransaction? transaction = null) =>
        (await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_count", transaction: transaction, cancellationToken: ct)),
         await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_size", transaction: transaction, cancellationToken: ct)));

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Location => "SQLite file " + FilePath;

    /// <summary>How many open connections wait for reuse (for tests).</summary>
    internal int IdleCount => _idle.Count;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await OpenPooledAsync(ct);

    /// <summary>An open connection; disposing it gives it back.</summary>
    internal async Task<PooledConnection> OpenPooledAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryPop(out var idle)) return idle;
        var connection = new PooledConnection(_connectionString, this);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {FallbackAutoCheckpointPages};"
                // The quota in pages of the file's page size (4 KiB unless the file says otherwise): the file's own
                // backstop; the quota of file and log together is checked before each write and commit (EnsureRoom).
                // The log is cut back after a checkpoint, so it does not keep the space of its largest moment.
                + (_maxSizeMegabytes > 0 ? $" PRAGMA max_page_count = {_maxSizeMegabytes * 256L}; PRAGMA journal_size_limit = {QuotaBytes / 8};" : "");
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
    /// Starts a write transaction (BEGIN IMMEDIATE) on the writer connection once it is this caller's turn (see
    /// <see cref="WriteTransaction"/>), as one <see cref="WriteScope"/>: disposing it ends the transaction and the turn.
    /// BEGIN IMMEDIATE and the busy timeout still order this process's writers with other processes'.
    /// </summary>
    protected override async Task<WriteScope> OpenWriteAsync(CancellationToken ct)
    {
        // The turn first: a writer waiting for it holds no connection.
        await _writerTurn.WaitAsync(ct);
        try
        {
            if (_writer is null)
            {
                _writer = await OpenPooledAsync(ct);
                _writer.IsWriter = true;
            }
            var writer = _writer;
            await EnsureRoomAsync(writer, 0, ct);
            var pagesAtStart = QuotaBytes > 0 ? (await PagesAsync(writer, ct)).Pages : 0;
            return new WriteScope(writer, new WriteTransaction(writer.BeginTransaction(deferred: false), writer, this), ownsConnection: false, DatabaseProvider.Sqlite,
                QuotaBytes > 0 ? (t, c) => EnsureRoomToCommitAsync(writer, t, pagesAtStart, c) : null);
        }
        catch
        {
            _writerTurn.Release();
            throw;
        }
    }

    /// <summary>The end of a writer's turn. A writer connection left in a transaction (a rollback that failed) is replaced.</summary>
    internal void EndWrite(PooledConnection writer)
    {
        try
        {
            if (_disposed || writer.State != ConnectionState.Open || writer.InTransaction)
            {
                if (ReferenceEquals(_writer, writer)) _writer = null;
                writer.Discard();
            }
        }
        finally
        {
            _writerTurn.Release();
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

    /// <summary>Counts a commit; every <see cref="CheckpointEveryCommits"/> of them make a checkpoint due.</summary>
    internal void Committed()
    {
        if (Interlocked.Increment(ref _commitsSinceCheckpoint) % CheckpointEveryCommits == 0 && _checkpointDue.CurrentCount == 0)
        {
            try { _checkpointDue.Release(); }
            catch (SemaphoreFullException) { } // another commit made it due at the same moment
        }
    }

    /// <summary>Waits until a checkpoint is due or <paramref name="idle"/> has passed; true when any commit awaits one.</summary>
    internal async Task<bool> WaitForCheckpointAsync(TimeSpan idle, CancellationToken ct)
    {
        await _checkpointDue.WaitAsync(idle, ct);
        return Volatile.Read(ref _commitsSinceCheckpoint) > 0;
    }

    /// <summary>Lets the idle connections give back their page caches (SQLite's shrink_memory); they refill on use.</summary>
    internal async Task ShrinkIdleAsync(CancellationToken ct)
    {
        var shrunk = new List<PooledConnection>();
        while (_idle.TryPop(out var connection)) shrunk.Add(connection);
        try
        {
            foreach (var connection in shrunk)
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA shrink_memory", cancellationToken: ct));
        }
        finally
        {
            foreach (var connection in shrunk)
                if (!TryReturn(connection)) connection.Discard();
        }
    }

    /// <summary>A PASSIVE checkpoint: copies what it can without waiting for readers or writers.</summary>
    internal async Task CheckpointAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref _commitsSinceCheckpoint, 0);
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(PASSIVE)", cancellationToken: ct));
    }

    public override void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) connection.Discard();
        // A writer mid-turn discards the connection itself when its turn ends.
        if (_writerTurn.Wait(0))
        {
            _writer?.Discard();
            _writer = null;
            _writerTurn.Release();
        }
    }
}
