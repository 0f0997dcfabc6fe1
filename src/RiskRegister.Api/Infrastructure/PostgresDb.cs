using System.Data.Common;
using Npgsql;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The PostgreSQL register, through Npgsql's own data source: its pool, and its automatic preparation of the
/// statements a connection runs often (SQLite's statement cache in <see cref="PooledConnection"/> has no part here).
/// A write is a READ COMMITTED transaction on a connection of its own; it orders itself with other writers, in this
/// instance or another, by the row locks of <see cref="RowLocks"/>.
/// </summary>
public sealed class PostgresDb : Db
{
    private readonly NpgsqlDataSource _source;

    /// <summary>Statements prepared per connection when the connection string does not say: more than the service has.</summary>
    internal const int AutoPrepared = 256;

    public PostgresDb(DatabaseSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException("Database:Provider is postgres but Database:ConnectionString is empty; give an Npgsql connection string (Host=…;Database=…;Username=…;Password=…).");
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPrepared;
            builder.AutoPrepareMinUsages = 2;
        }
        // A connection goes back to the pool as it is: the service keeps no session state on pooled connections (no SET left in place,
        // no temporary tables; the migrations' session lock is released before the connection is returned), so Npgsql's
        // reset on every return (RESET ALL, CLOSE ALL, UNLISTEN *, … sent with the next command) is work for nothing on
        // each request (measured with make bench DB=postgres: bench/README.md).
        if (!Given(settings.ConnectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        // A write that waits longer than this for a lock answers 503 (busy), as on SQLite after its busy timeout. No JIT:
        // PostgreSQL compiles a statement whose estimate passes jit_above_cost, and the service's statements are short
        // (a page of the follow-up status compiled for 80 ms to run 40: bench/README.md, the ninth round).
        // (Given, not builder.ContainsKey: that says whether Npgsql knows the keyword, so these were never added until
        // 6 December 2026.)
        if (!Given(settings.ConnectionString, "Options")) builder.Options = $"-c lock_timeout={settings.BusyTimeoutMilliseconds} -c jit=off";
        ConnectionString = builder.ConnectionString;
        Location = $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
        _source = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Whether the connection string itself sets the keyword (in any of its spellings).</summary>
    private static bool Given(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    /// <summary>
    /// The connection string as used, with the defaults this class adds (the listener for revoked keys opens its own
    /// connection with it; so does the benchmark's SQL ceiling, to run its statements as the service does).
    /// </summary>
    public string ConnectionString { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string Location { get; }

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    protected override async Task<WriteScope> OpenWriteAsync(CancellationToken ct)
    {
        var connection = await _source.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            return new WriteScope(connection, transaction, ownsConnection: true, DatabaseProvider.Postgres);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override void Dispose() => _source.Dispose();
}
