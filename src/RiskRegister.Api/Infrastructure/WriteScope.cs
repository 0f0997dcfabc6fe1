using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// One write: the writer connection, its transaction and the writer's turn, ended together by disposing this one
/// object. <c>await using var write = await db.BeginWriteAsync(ct);</c> is the whole protocol; commit with
/// <see cref="CommitAsync"/>, and anything not committed is rolled back on dispose.
/// </summary>
public sealed class WriteScope(SqliteConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    public SqliteConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    /// <summary>The two parts, for the Dapper calls that take them: <c>var (connection, transaction) = write;</c>.</summary>
    public void Deconstruct(out SqliteConnection connection, out DbTransaction transaction) =>
        (connection, transaction) = (Connection, Transaction);

    // The transaction ends the turn (WriteTransaction); the writer connection is the pool's and stays open.
    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
