using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

[Trait("Database", "SQLite")]
public sealed class DatabaseTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public void Every_migration_script_is_recorded_in_the_journal()
    {
        using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM schema_migrations ORDER BY name";
        using var reader = command.ExecuteReader();
        var applied = new List<string>();
        while (reader.Read()) applied.Add(reader.GetString(0));
        applied.ShouldBe(MigrationRunner.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList());
        applied.ShouldContain("0001_initial.sql");
    }

    [Fact]
    public async Task Running_the_migrations_again_applies_nothing()
    {
        var runner = api.Services.GetRequiredService<MigrationRunner>();
        (await runner.ApplyAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Connections_have_foreign_keys_on_wal_and_a_busy_timeout()
    {
        var db = (SqliteDb)api.Services.GetRequiredService<Db>();
        await using var connection = await db.OpenPooledAsync(CancellationToken.None);
        (await Scalar(connection, "PRAGMA foreign_keys")).ShouldBe(1L);
        (await Scalar(connection, "PRAGMA journal_mode")).ShouldBe("wal");
        (await Scalar(connection, "PRAGMA busy_timeout")).ShouldBe(5000L);
    }

    [Fact]
    public void The_database_directory_is_created_when_missing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"), "nested");
        _ = new SqliteDb(new DatabaseSettings { Path = Path.Combine(directory, "x.db") });
        Directory.Exists(directory).ShouldBeTrue();
        Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
