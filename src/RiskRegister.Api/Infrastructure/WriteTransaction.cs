using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A write transaction on the process's writer connection, holding the writers' turn from <see cref="Db.BeginWriteAsync"/>
/// until it is disposed. Writers in this process queue for the turn without sleeping; left to SQLite's busy handler, a
/// writer that finds the lock taken sleeps for milliseconds although the lock is held for microseconds. One connection
/// for every write keeps its page cache: no other connection writes, so nothing invalidates it.
/// </summary>
public sealed class WriteTransaction(SqliteTransaction inner, PooledConnection writer, SqliteDb db) : DbTransaction
{
    private int _ended;

    internal SqliteTransaction Inner => inner;

    public override IsolationLevel IsolationLevel => inner.IsolationLevel;
    protected override DbConnection? DbConnection => inner.Connection;

    public override void Commit()
    {
        inner.Commit();
        db.Committed();
    }

    public override void Rollback() => inner.Rollback();

    /// <summary>Rolls back what was not committed, then gives the writer connection and the turn to the next writer.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { inner.Dispose(); }
            finally
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0) db.EndWrite(writer);
            }
        }
        base.Dispose(disposing);
    }
}
