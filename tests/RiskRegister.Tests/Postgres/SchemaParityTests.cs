using System.Data.Common;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// The two dialects' migrations make the same schema: the same tables, columns (type, nullability), primary keys,
/// foreign keys, uniqueness and indexes. A column or index added to one dialect's scripts and not the other's fails
/// here, naming it.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class SchemaParityTests
{
    [Fact]
    public async Task SQLite_and_PostgreSQL_migrations_make_the_same_tables_columns_keys_and_indexes()
    {
        var sqlite = TestDatabase.Create(DatabaseProvider.Sqlite);
        var postgres = TestDatabase.Create(DatabaseProvider.Postgres);
        try
        {
            foreach (var database in new[] { sqlite, postgres })
            {
                using var db = Db.Create(new DatabaseSettings { Provider = database.Provider.ToString(), Path = database.Path, ConnectionString = database.ConnectionString });
                await new MigrationRunner(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
            }
            List<string> fromSqlite, fromPostgres;
            await using (var connection = sqlite.Open()) fromSqlite = await SqliteSchema(connection);
            await using (var connection = postgres.Open()) fromPostgres = await PostgresSchema(connection);

            fromSqlite.Count.ShouldBeGreaterThan(60);   // every table, column, key and index of the register: a real comparison
            fromPostgres.Except(fromSqlite).ShouldBeEmpty("only in PostgreSQL's schema");
            fromSqlite.Except(fromPostgres).ShouldBeEmpty("only in SQLite's schema");
        }
        finally
        {
            sqlite.Drop();
            postgres.Drop();
        }
    }

    /// <summary>
    /// The types as the service reads them: SQLite's INTEGER is PostgreSQL's BIGINT; a date is ISO-8601 TEXT on SQLite
    /// and DATE on PostgreSQL (see migrations/postgres/0001_initial.sql); BLOB is BYTEA.
    /// </summary>
    private static string Type(string declared) => declared.ToLowerInvariant() switch
    {
        "integer" or "bigint" => "integer",
        "text" => "text",
        "date" => "text",
        "blob" or "bytea" => "bytes",
        var other => other,
    };

    private static async Task<List<string>> SqliteSchema(DbConnection connection)
    {
        var facts = new List<string>();
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToList();
        foreach (var table in tables)
        {
            facts.Add($"table {table}");
            foreach (var c in await connection.QueryAsync<(string Name, string Type, long NotNull, long Pk)>($"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
            {
                facts.Add($"column {table}.{c.Name} {Type(c.Type)} {(c.NotNull == 1 || c.Pk > 0 ? "not null" : "null")}");
                if (c.Pk > 0) facts.Add($"primary key {table}.{c.Name}");
            }
            foreach (var f in await connection.QueryAsync<(string Table, string From, string To, string OnDelete)>($"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
                facts.Add($"foreign key {table}.{f.From} -> {f.Table}.{f.To} on delete {f.OnDelete.ToLowerInvariant()}");
            foreach (var i in await connection.QueryAsync<(string Name, long Unique, string Origin)>($"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                if (i.Origin == "pk") continue;
                var columns = string.Join(",", await connection.QueryAsync<string>($"SELECT name FROM pragma_index_info('{i.Name}') ORDER BY seqno"));
                // A UNIQUE constraint's index is named by SQLite (sqlite_autoindex_…): compared by its columns only.
                facts.Add(i.Unique == 1 ? $"unique {table}({columns})" : $"index {i.Name} on {table}({columns})");
            }
        }
        return facts;
    }

    private static async Task<List<string>> PostgresSchema(DbConnection connection)
    {
        var facts = new List<string>();
        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).ToList();
        foreach (var table in tables)
        {
            facts.Add($"table {table}");
            foreach (var c in await connection.QueryAsync<(string Name, string Type, string Nullable)>(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table", new { table }))
                facts.Add($"column {table}.{c.Name} {Type(c.Type)} {(c.Nullable == "NO" ? "not null" : "null")}");
            foreach (var (index, unique, primary, columns) in await connection.QueryAsync<(string, bool, bool, string)>("""
                SELECT ic.relname, ix.indisunique, ix.indisprimary,
                       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)
                FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
                WHERE t.relname = @table AND t.relnamespace = 'public'::regnamespace
                """, new { table }))
            {
                if (primary)
                    foreach (var column in columns.Split(',')) facts.Add($"primary key {table}.{column}");
                else
                    facts.Add(unique ? $"unique {table}({columns})" : $"index {index} on {table}({columns})");
            }
            foreach (var (column, target, targetColumn, onDelete) in await connection.QueryAsync<(string, string, string, string)>("""
                SELECT a.attname, ft.relname, fa.attname,
                       CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'r' THEN 'restrict' ELSE 'no action' END
                FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class ft ON ft.oid = c.confrelid
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND t.relname = @table
                """, new { table }))
                facts.Add($"foreign key {table}.{column} -> {target}.{targetColumn} on delete {onDelete}");
        }
        return facts;
    }
}
