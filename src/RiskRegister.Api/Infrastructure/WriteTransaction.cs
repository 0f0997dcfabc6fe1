using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A write transaction that holds <see cref="Db"/>'s writer gate until it commits, rolls back or is disposed. Writers
/// in this process queue on the gate without sleeping; left to SQLite's busy handler, a writer that finds the lock
/// taken sleeps for milliseconds although the lock is held for microseconds.
/// </summary>
public sealed class WriteTransaction(SqliteTransaction inner, SemaphoreSlim gate, Db db) : DbTransaction
{
    private int _released;

    internal SqliteTransaction Inner => inner;

    public override IsolationLevel IsolationLevel => inner.IsolationLevel;
    protected override DbConnection? DbConnection => inner.Connection;

    public override void Commit()
    {
        try
        {
            inner.Commit();
            db.Committed();
        }
        finally { Release(); }
    }

    public override void Rollback()
    {
        try { inner.Rollback(); }
        finally { Release(); }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { inner.Dispose(); }
            finally { Release(); }
        }
        base.Dispose(disposing);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
    }
}
