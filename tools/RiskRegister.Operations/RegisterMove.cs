using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Operations;

/// <summary>
/// Copies a whole SQLite register into an empty PostgreSQL database: every table the service writes, row for row, with
/// the same ids, versions (ETags), timestamps and key hashes (so keys keep working). The source is read in one read
/// transaction (a consistent snapshot, also while a service writes to it); the target is migrated as at start-up and
/// written in one transaction with binary COPY, so a move that fails leaves it as empty as it was. Each table's identity
/// continues after the highest id SQLite ever gave (its sqlite_sequence), so no id is given twice, as on SQLite.
/// Counts are compared after the copy, inside the transaction: a mismatch rolls it all back.
/// </summary>
public static class RegisterMove
{
    /// <summary>The tables in the order their foreign keys need, each with its identity column if it has one.</summary>
    internal static readonly (string Table, bool HasIdentity)[] Tables =
    [
        ("units", true), ("plans", true), ("risks", true), ("activities", true), ("follow_ups_1", false), ("follow_ups_2", false), ("controls", true), ("control_results", false),
        ("goals", true), ("risk_goals", false), ("control_goals", false),
        ("clients", true), ("client_units", false), ("history", true), ("webhooks", true), ("webhook_delivery_chunks", false), ("follow_up_reminders", false),
        ("history_texts", false), ("idempotency_keys", false),
        ("plan_revisions", false), ("plan_revision_changes", false), ("risk_adoptions", false), ("follow_up_rounds", false),
    ];

    public sealed class Refused(string message) : Exception(message);

    public sealed record Report(IReadOnlyList<(string Table, long Rows)> Copied)
    {
        public override string ToString() => string.Join(", ", Copied.Select(c => $"{c.Table} {c.Rows}"));
    }

    public static async Task<Report> RunAsync(string sqlitePath, string postgresConnectionString, TextWriter log, CancellationToken ct)
    {
        if (!File.Exists(sqlitePath)) throw new Refused($"There is no SQLite file at {sqlitePath}.");
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(ct);
        var sourceJournal = (await source.QueryAsync<string>("SELECT name FROM schema_migrations")).ToHashSet();
        var expected = MigrationRunner.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();
        if (!expected.All(sourceJournal.Contains) || sourceJournal.Count != expected.Count)
            throw new Refused($"The SQLite register has migrations {string.Join(", ", sourceJournal.Order())}; this version moves registers at {string.Join(", ", expected)}. Start this version of the service on it once (it migrates at start-up), then move it.");

        // The target's schema, exactly as a service starting on it would make it.
        using (var db = new PostgresDb(new DatabaseSettings { Provider = "postgres", ConnectionString = postgresConnectionString }))
            await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);

        await using var target = new NpgsqlConnection(postgresConnectionString);
        await target.OpenAsync(ct);
        await using var write = await target.BeginTransactionAsync(ct);
        // Nobody may write into the target while it is filled (a service started on it too early would wait here).
        foreach (var (table, _) in Tables)
            await target.ExecuteAsync($"LOCK TABLE {table} IN EXCLUSIVE MODE", transaction: write);
        foreach (var (table, _) in Tables)
            if (await target.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: write) is var rows and > 0)
                throw new Refused($"The target database is not empty: {table} has {rows} rows. Move into a new, empty database.");

        await using var snapshot = source.BeginTransaction(deferred: true);
        var sequences = (await source.QueryAsync<(string Name, long Seq)>("SELECT name, seq FROM sqlite_sequence", transaction: snapshot))
            .ToDictionary(s => s.Name, s => s.Seq);
        var copied = new List<(string, long)>();
        foreach (var (table, hasIdentity) in Tables)
        {
            var columns = (await target.QueryAsync<(string Name, string Type)>(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table ORDER BY ordinal_position",
                new { table }, write)).ToList();
            var rows = await CopyAsync(source, snapshot, target, table, columns, ct);
            if (hasIdentity)
            {
                var next = Math.Max(sequences.GetValueOrDefault(table), await target.ExecuteScalarAsync<long>($"SELECT COALESCE(MAX(id), 0) FROM {table}", transaction: write)) + 1;
                await target.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), @next, false)", new { next }, write);
            }
            var inSource = await source.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: snapshot);
            var inTarget = await target.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: write);
            if (inSource != inTarget || inSource != rows)
                throw new InvalidOperationException($"{table}: {inSource} rows in the source, {inTarget} in the target after copying {rows}; nothing was moved.");
            await log.WriteLineAsync($"{table}: {rows} rows");
            copied.Add((table, rows));
        }
        await write.CommitAsync(ct);
        return new Report(copied);
    }

    private static async Task<long> CopyAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target, string table,
        IReadOnlyList<(string Name, string Type)> columns, CancellationToken ct)
    {
        var names = string.Join(", ", columns.Select(c => c.Name));
        await using var importer = await target.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        await using var select = source.CreateCommand();
        select.Transaction = snapshot;
        select.CommandText = $"SELECT {names} FROM {table} ORDER BY rowid";
        await using var reader = await select.ExecuteReaderAsync(ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, ct)) { await importer.WriteNullAsync(ct); continue; }
                switch (columns[i].Type)
                {
                    case "bigint": await importer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, ct); break;
                    case "date": await importer.WriteAsync(DateOnlyHandler.ParseText(reader.GetString(i)), NpgsqlDbType.Date, ct); break;
                    case "bytea": await importer.WriteAsync((byte[])reader.GetValue(i), NpgsqlDbType.Bytea, ct); break;
                    case "text": await importer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, ct); break;
                    default: throw new InvalidOperationException($"{table}.{columns[i].Name}: no copy for type {columns[i].Type}.");
                }
            }
            rows++;
        }
        await importer.CompleteAsync(ct);
        return rows;
    }
}
