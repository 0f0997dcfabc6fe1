using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// Migration 0009 rebuilds SQLite's units table (its kind CHECK gains department) with foreign keys off: a register
/// written before it keeps every unit, id and reference, and foreign keys are on again afterwards.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class LevelsMigrationTests
{
    [Fact]
    public async Task A_register_from_before_0009_keeps_its_units_ids_and_references_and_takes_departments_after_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using (var old = new SqliteConnection($"Data Source={path};Foreign Keys=True;Pooling=False"))
            {
                await old.OpenAsync();
                await old.ExecuteAsync("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
                foreach (var (name, sql) in MigrationRunner.Scripts(DatabaseProvider.Sqlite).Where(s => string.CompareOrdinal(s.Name, "0009") < 0))
                {
                    await old.ExecuteAsync(sql);
                    await old.ExecuteAsync("INSERT INTO schema_migrations VALUES (@name, 'then')", new { name });
                }
                await old.ExecuteAsync("""
                    INSERT INTO units (id, name, kind, parent_id, created_at) VALUES (7, 'Nämnden', 'board', NULL, 't'), (9, 'Förvaltningen', 'administration', 7, 't');
                    INSERT INTO plans (id, unit_id, year, status, scale, created_at, updated_at) VALUES (3, 9, 2024, 'adopted', '{}', 't', 't');
                    INSERT INTO clients (id, name, role, key_hash, created_at) VALUES (5, 'Registrator', 'registrator', 'h', 't');
                    INSERT INTO client_units (client_id, unit_id) VALUES (5, 9);
                    """);
            }

            using var db = new SqliteDb(new DatabaseSettings { Path = path });
            var applied = await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);

            applied.ShouldContain("0009_levels_and_plan_texts.sql");
            await using var connection = await db.OpenAsync(CancellationToken.None);
            (await connection.QueryAsync<(long, string, long?)>("SELECT id, kind, parent_id FROM units ORDER BY id")).ShouldBe([(7L, "board", (long?)null), (9L, "administration", 7L)]);
            (await connection.QuerySingleAsync<string>("SELECT document_title FROM plans WHERE id = 3")).ShouldBe("Riskanalys och riskhanteringsplan");
            (await connection.QueryAsync("PRAGMA foreign_key_check")).ShouldBeEmpty();
            (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).ShouldBe(1L);
            await connection.ExecuteAsync("INSERT INTO units (name, kind, parent_id, created_at) VALUES ('Område', 'department', 9, 't')");
            (await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM units")).ShouldBe(10L);   // ids go on from where they were
            await Should.ThrowAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO plans (unit_id, year, status, scale, created_at, updated_at) VALUES (99, 2025, 'draft', '{}', 't', 't')"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
