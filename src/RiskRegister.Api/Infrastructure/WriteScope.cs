using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// One write: its connection and transaction and, on SQLite, the writer's turn, ended together by disposing this one
/// object. <c>await using var write = await db.BeginWriteAsync(ct);</c> is the whole protocol; commit with
/// <see cref="CommitAsync"/>, and anything not committed is rolled back on dispose. Disposing twice is harmless, so an
/// endpoint may end the write early (before it sends its answer) and still hold it in <c>await using</c>.
/// </summary>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, bool ownsConnection, DatabaseProvider provider) : IAsyncDisposable
{
    private int _disposed;
    private readonly long _started = Metrics.Start();

    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    /// <summary>The two parts, for the Dapper calls that take them: <c>var (connection, transaction) = write;</c>.</summary>
    public void Deconstruct(out DbConnection connection, out DbTransaction transaction) =>
        (connection, transaction) = (Connection, Transaction);

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
