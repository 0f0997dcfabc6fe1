using System.Data.Common;
using System.Reflection;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Applies the numbered scripts in <c>migrations/sqlite/</c> or <c>migrations/postgres/</c> (embedded in this assembly)
/// that the journal table <c>schema_migrations</c> has not yet recorded, each in its own transaction. Forward-only: a
/// script once applied is never run again. Both dialects have the same numbered steps, so a journal reads the same on
/// either (SchemaParityTests compares the schemas they make). On PostgreSQL an advisory lock, held from before the
/// journal is read until the last script is recorded, lets instances that start together against one empty database
/// apply each script once: the others wait, then find it recorded.
/// </summary>
public sealed class MigrationRunner(Db db, ILogger<MigrationRunner> logger)
{
    /// <summary>The first line of a SQLite script that rebuilds a table: it runs with foreign keys off, checked before commit.</summary>
    public const string SqliteForeignKeysOff = "-- sqlite: foreign keys off";

    public static string Folder(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    public static IReadOnlyList<(string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var prefix = $"migrations/{Folder(provider)}/";
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
            // WAL is a property of the file, so setting it once here covers every later connection.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        else
            // The migrations wait as long as they must, for another instance's migrations and for the table locks their
            // own statements take: not the writers' lock_timeout (PostgresDb), which would stop an instance's start-up.
            // RESET afterwards gives the pooled connection its session's default again.
            await connection.ExecuteAsync(new CommandDefinition("SET lock_timeout = 0; SELECT pg_advisory_lock(@key)", new { key = (long)RowLocks.Kind.Migrations }, cancellationToken: ct));
        try
        {
            return await ApplyMissingAsync(connection, ct);
        }
        finally
        {
            if (db.Provider == DatabaseProvider.Postgres)
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key); RESET lock_timeout", new { key = (long)RowLocks.Kind.Migrations }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<IReadOnlyList<string>> ApplyMissingAsync(DbConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                applied_at  TEXT NOT NULL
            );
            """, cancellationToken: ct));
        var applied = await AppliedAsync(connection, ct);
        var appliedNow = new List<string>();
        foreach (var (name, sql) in Scripts(db.Provider))
        {
            if (applied.Contains(name)) continue;
            // SQLite changes a table's constraints only by rebuilding it, which its foreign keys forbid while they are on;
            // they can be turned off only outside a transaction. Such a script says so on its first line, and its foreign
            // keys are checked before it commits.
            var foreignKeysOff = connection is SqliteConnection && sql.StartsWith(SqliteForeignKeysOff, StringComparison.Ordinal);
            if (foreignKeysOff) await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = OFF", cancellationToken: ct));
            try
            {
                await using var transaction = connection is SqliteConnection sqlite
                    ? sqlite.BeginTransaction(deferred: false)
                    : await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
                if (foreignKeysOff && (await connection.QueryAsync(new CommandDefinition("PRAGMA foreign_key_check", transaction: transaction, cancellationToken: ct))).Any())
                    throw new InvalidOperationException($"Migration {name} leaves rows whose foreign keys point nowhere (PRAGMA foreign_key_check); nothing was applied.");
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)",
                    new { name, at = Clock.Timestamp() }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
            }
            finally
            {
                if (foreignKeysOff) await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON", cancellationToken: CancellationToken.None));
            }
            logger.LogInformation("Applied migration {Migration}", name);
            appliedNow.Add(name);
        }
        return appliedNow;
    }

    /// <summary>The scripts the journal records as applied (for start-up, and for readiness).</summary>
    public static async Task<IReadOnlySet<string>> AppliedAsync(IDbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: ct))).ToHashSet();

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
