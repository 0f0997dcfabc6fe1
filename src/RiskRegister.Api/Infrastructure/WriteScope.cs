using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// One write: its connection and transaction and, on SQLite, the writer's turn, ended together by disposing this one
/// object. <c>await using var write = await db.BeginWriteAsync(ct);</c> opens it; a change to the register ends it with
/// <see cref="CommitAsync(HistoryEntry, CancellationToken)"/>, which records the change's history in the same
/// transaction, commits, ends the writer's turn and answers the version the write left (for the ETag). There is no other
/// commit for a change: a write without its history entry does not compile. Bookkeeping that is no change to the
/// register (webhook deliveries, the readiness probe) says so with <see cref="CommitWithoutHistoryAsync"/>. Anything not
/// committed is rolled back on dispose; disposing twice is harmless, so an endpoint may end the write early (before it
/// sends its answer) and still hold it in <c>await using</c>.
/// </summary>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, bool ownsConnection, DatabaseProvider provider,
    Func<IDbTransaction, CancellationToken, Task>? beforeCommit = null) : IAsyncDisposable
{
    private int _disposed;
    private bool _committed;
    private RequestWrites? _keyOf;

    /// <summary>Records the request's Idempotency-Key in this write; should it not commit, the key is not recorded.</summary>
    internal async Task RecordKeyAsync(RequestWrites writes, CancellationToken ct)
    {
        await Idempotency.RecordAsync(writes, connection, transaction, ct);
        _keyOf = writes;
    }
    private long? _version;

    /// <summary>Raised once a change (with history) has committed.</summary>
    internal ChangeSignal? Changes { get; set; }
    private readonly long _started = Metrics.Start();

    public DbConnection Connection => connection;

    /// <summary>For the Dapper calls of the write. Only an <see cref="IDbTransaction"/>: the write commits through this scope.</summary>
    public IDbTransaction Transaction => transaction;

    /// <summary>The two parts, for the Dapper calls that take them: <c>var (connection, transaction) = write;</c>.</summary>
    public void Deconstruct(out DbConnection connection, out IDbTransaction transaction) =>
        (connection, transaction) = (Connection, Transaction);

    /// <summary>
    /// Remembers the version a row this write touched now has (a plan's or risk's, see <c>write.TouchAsync</c>): the
    /// last one is what <see cref="CommitAsync(HistoryEntry, CancellationToken)"/> answers, for the ETag.
    /// </summary>
    public void Touched(long version) => _version = version;

    /// <summary>
    /// Records the change's history, commits, and ends the write (on SQLite, the writer's turn ends here, before the
    /// answer is sent). Answers the version the write's last touch left, for the answer's ETag; 0 when it touched none.
    /// </summary>
    public Task<long> CommitAsync(HistoryEntry entry, CancellationToken ct) => CommitAsync([entry], ct);

    /// <summary>As <see cref="CommitAsync(HistoryEntry, CancellationToken)"/>, for a write that records several entries (at least one).</summary>
    public async Task<long> CommitAsync(IReadOnlyCollection<HistoryEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) throw new ArgumentException("A change to the register commits with its history: at least one entry.", nameof(entries));
        try
        {
            ThrowIfEnded();
            // The request's Idempotency-Key commits (or rolls back) with its change: a duplicate cannot write too.
            // Recorded before the history lock below, so a racing duplicate's key is never waited for while holding it.
            var writes = RequestWrites.Current;
            if (writes is { KeyRecorded: false }) await RecordKeyAsync(writes, ct);
            // On PostgreSQL, history ids come from a sequence and concurrent writes could commit out of id order: a reader
            // of the feed (or the webhook dispatcher's cursor) would pass an id still uncommitted and never see it. Held
            // from the history insert until the commit is visible, this lock commits history rows in id order, across
            // instances too. Taken last, with nothing after it that waits on another write, and so held only briefly.
            // Sent in the same command as the first insert (a statement of its own, ahead of it): no round trip of its own.
            var historyLock = RowLocks.Needed(transaction) ? RowLocks.SerializeSql(RowLocks.Kind.History) : null;
            foreach (var entry in entries)
            {
                await HistoryLog.RecordAsync(connection, transaction, entry, ct, historyLock);
                historyLock = null;
            }
            await CommitOrSayUnknownAsync(ct);
            if (writes is not null) writes.Committed = true;
            Changes?.Raise();
        }
        finally { await DisposeAsync(); }
        return _version ?? 0;
    }

    /// <summary>
    /// Commits a write that is no change to the register and so has no history (a delivery's bookkeeping, the readiness
    /// probe), and ends it. <paramref name="why"/> says, to the reader of the caller, why there is no history entry.
    /// </summary>
    public async Task CommitWithoutHistoryAsync(string why, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        try
        {
            ThrowIfEnded();
            await CommitOrSayUnknownAsync(ct);
        }
        finally { await DisposeAsync(); }
    }

    /// <summary>
    /// Commits. A connection that breaks during the commit leaves its outcome unknown (the server may have committed
    /// before the answer was lost): that is <see cref="CommitOutcomeUnknownException"/>, a 503 that never says "nothing
    /// was stored". A failure the database itself reports (busy, full, read-only) means the commit did not happen.
    /// </summary>
    private async Task CommitOrSayUnknownAsync(CancellationToken ct)
    {
        // A check the database makes before any commit (SQLite's quota of file and log together).
        if (beforeCommit is not null) await beforeCommit(transaction, ct);
        try { await transaction.CommitAsync(ct); }
        catch (Exception e) when (OutcomeUnknown(e)) { throw new CommitOutcomeUnknownException(e); }
        _committed = true;
    }

    internal static bool OutcomeUnknown(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 10 or 14,   // an I/O error while writing the commit
        Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        Npgsql.NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        InvalidOperationException { InnerException: { } inner } => OutcomeUnknown(inner),
        _ => false,
    };

    private void ThrowIfEnded() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!_committed && _keyOf is not null) _keyOf.KeyRecorded = false;   // rolled back with the write
        try { await transaction.DisposeAsync(); }
        finally
        {
            Metrics.WriteEnded(_started, provider);
            // SQLite's writer connection stays open in its pool (its transaction ends the turn: WriteTransaction);
            // a PostgreSQL connection goes back to Npgsql's pool.
            if (ownsConnection) await connection.DisposeAsync();
        }
    }
}
