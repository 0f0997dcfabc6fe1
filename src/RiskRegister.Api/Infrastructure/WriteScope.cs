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
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, bool ownsConnection, DatabaseProvider provider) : IAsyncDisposable
{
    private int _disposed;
    private long? _version;
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
            foreach (var entry in entries)
                await HistoryLog.RecordAsync(connection, transaction, entry, ct);
            await transaction.CommitAsync(ct);
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
            await transaction.CommitAsync(ct);
        }
        finally { await DisposeAsync(); }
    }

    private void ThrowIfEnded() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
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
