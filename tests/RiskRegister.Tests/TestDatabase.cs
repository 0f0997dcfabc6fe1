using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests;

/// <summary>
/// The database one test service runs on: a SQLite file of its own, or a PostgreSQL database of its own on the run's
/// <see cref="PostgresServer"/>. Which one is the run's choice: <c>RISKREGISTER_TEST_DATABASE=postgres</c> (make test
/// runs the suite once with each). A test that reads the database itself opens it here, so it reads either.
/// </summary>
public sealed class TestDatabase
{
    /// <summary>The provider of this test run.</summary>
    public static DatabaseProvider RunProvider { get; } =
        Environment.GetEnvironmentVariable("RISKREGISTER_TEST_DATABASE")?.Trim().ToLowerInvariant() is "postgres" or "postgresql"
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path { get; } = "";

    /// <summary>The Npgsql connection string (PostgreSQL only).</summary>
    public string ConnectionString { get; } = "";

    private TestDatabase(DatabaseProvider provider, string path, string connectionString) =>
        (Provider, Path, ConnectionString) = (provider, path, connectionString);

    /// <summary>A new, empty database of this run's provider (or of <paramref name="provider"/>).</summary>
    public static TestDatabase Create(DatabaseProvider? provider = null)
    {
        if ((provider ?? RunProvider) == DatabaseProvider.Sqlite)
            return new(DatabaseProvider.Sqlite, System.IO.Path.Combine(System.IO.Path.GetTempPath(), "riskregister-tests", $"{Guid.NewGuid():N}.db"), "");
        var server = PostgresServer.Shared;
        var name = $"rr_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        return new(DatabaseProvider.Postgres, "", server.For(name));
    }

    /// <summary>The configuration that puts a service on this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() => Provider == DatabaseProvider.Sqlite
        ? [new("Database:Provider", "sqlite"), new("Database:Path", Path)]
        : [new("Database:Provider", "postgres"), new("Database:ConnectionString", ConnectionString)];

    /// <summary>A connection of its own, outside the service's pool, for a test to read (or write) the database directly.</summary>
    public DbConnection Open()
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection($"Data Source={Path};Pooling=False")
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Removes the database (its file, or the PostgreSQL database, even with connections left open).</summary>
    public void Drop()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(Path + suffix);
            return;
        }
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        using var admin = new NpgsqlConnection(PostgresServer.Shared.AdminConnectionString);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
