using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>Which database holds the register (configuration <c>Database:Provider</c>).</summary>
public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// The register's database: connections for reads, and one <see cref="WriteScope"/> per write. The two providers
/// differ in how writers are ordered: SQLite's one writer takes turns in this process (<see cref="SqliteDb"/>), and
/// PostgreSQL's writers lock the rows their rules read (<see cref="RowLocks"/>), which orders them across instances.
/// Everything above this class is the same SQL on both.
/// </summary>
public abstract class Db : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Where the register is, for the start-up log: a file, or a host and database (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>An open connection for reads; disposing it gives it back to the pool.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Raised after each change (a commit with history) this process makes: wakes the webhook dispatcher.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>
    /// A write transaction with its connection, as one object: <c>await using var write = await db.BeginWriteAsync(ct);</c>.
    /// A change commits with its history (<see cref="WriteScope.CommitAsync(HistoryEntry, CancellationToken)"/>);
    /// disposing ends it, rolling back what was not committed.
    /// </summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct)
    {
        var write = await OpenWriteAsync(ct);
        write.Changes = Changes;
        // A request's Idempotency-Key is the write's first row: a duplicate racing it waits for this transaction (or
        // its writer's turn) and then finds the key taken (409), before it has written anything.
        if (RequestWrites.Current is { Key: not null, KeyRecorded: false } writes)
        {
            try { await write.RecordKeyAsync(writes, ct); }
            catch
            {
                await write.DisposeAsync();
                throw;
            }
        }
        return write;
    }

    /// <summary>The provider's write transaction (<see cref="BeginWriteAsync"/> adds what every write does).</summary>
    protected abstract Task<WriteScope> OpenWriteAsync(CancellationToken ct);

    public abstract void Dispose();

    public static Db Create(DatabaseSettings settings) => settings.ProviderKind switch
    {
        DatabaseProvider.Postgres => new PostgresDb(settings),
        _ => new SqliteDb(settings),
    };
}
