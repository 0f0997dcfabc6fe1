using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>Db lends out open connections that keep their prepared statements, and lets writers take turns.</summary>
[Trait("Database", "SQLite")]
public sealed class ConnectionPoolTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDb _db;
    private static readonly CancellationToken None = CancellationToken.None;

    public ConnectionPoolTests()
    {
        _db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(_directory, "pool.db") });
        using var connection = _db.OpenPooledAsync(None).GetAwaiter().GetResult();
        connection.Execute("PRAGMA journal_mode = WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)");
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_connection_given_back_is_lent_again_with_its_prepared_statements()
    {
        SqliteConnection first;
        await using (first = await _db.OpenPooledAsync(None))
            (await first.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE id > @id", new { id = 0 })).ShouldBe(0);

        await using var second = await _db.OpenPooledAsync(None);
        second.ShouldBeSameAs(first);
        var pooled = (PooledConnection)second;
        var cached = pooled.CachedStatementCount;
        (await second.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE id > @id", new { id = 0 })).ShouldBe(0);
        pooled.CachedStatementCount.ShouldBe(cached);
    }

    [Fact]
    public async Task A_prepared_statement_answers_with_each_runs_own_parameters()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES (@text)", new[] { new { text = "a" }, new { text = "b" }, new { text = "c" } });
        foreach (var text in new[] { "a", "b", "c" })
            (await connection.QuerySingleAsync<string>("SELECT text FROM notes WHERE text = @text", new { text })).ShouldBe(text);
    }

    [Fact]
    public async Task Dapper_parameters_bind_by_their_at_name_and_statements_with_other_prefixes_still_bind()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES (@text)", new { text = "10:00" });
        // Only @: the parameter is named @text when it runs, found at SQLite's first look-up.
        await using (var command = ((System.Data.Common.DbConnection)connection).CreateCommand())   // as Dapper makes it
        {
            command.CommandText = "SELECT count(*) FROM notes WHERE text = @text";
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = ("text", "10:00");   // as Dapper names it
            command.Parameters.Add(parameter);
            Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
            parameter.ParameterName.ShouldBe("@text");
            command.Parameters.Contains("text").ShouldBeTrue();
        }
        // A : or $ anywhere in the text (a literal here, or a parameter written :text / $text) keeps the name as given.
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE text = @text AND text LIKE '%:%'", new { text = "10:00" })).ShouldBe(1);
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE text = :text", new { text = "10:00" })).ShouldBe(1);
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE text = $text", new { text = "10:00" })).ShouldBe(1);
        // A DynamicParameters' name found again by the name it was given, once the run gave it its @.
        var parameters = new DynamicParameters();
        parameters.Add("text", "10:00");
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE text = @text", parameters)).ShouldBe(1);
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes WHERE text = @text", parameters)).ShouldBe(1);
    }

    [Fact]
    public async Task A_history_read_gives_its_statement_back_to_the_connection()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        connection.Execute("""
            CREATE TABLE history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, client_name TEXT NOT NULL, subject TEXT, issuer TEXT, entity TEXT NOT NULL,
                entity_id INTEGER NOT NULL, action TEXT NOT NULL, plan_id INTEGER, risk_id INTEGER, before_json TEXT, after_json TEXT);
            INSERT INTO history VALUES (1, '2026-12-05T10:00:00.000Z', 'a', NULL, NULL, 'risk', 7, 'created', 3, 7, NULL, '{"x":1}')
            """);
        var pooled = (PooledConnection)connection;
        var read = RiskRegister.Api.Features.History.HistoryPage.PageSql("plan_id");
        (await RiskRegister.Api.Features.History.HistoryRow.ReadAsync(connection, read, 3, null, 51, None)).Single().AfterJson.ShouldBe("{\"x\":1}");
        var cached = pooled.CachedStatementCount;
        // The statement went back (a leaked one would be freed by the finalizer, on its own thread, while the connection is in use).
        (await RiskRegister.Api.Features.History.HistoryRow.ReadAsync(connection, read, 3, null, 51, None)).Single().Id.ShouldBe(1);
        pooled.CachedStatementCount.ShouldBe(cached);
        await using var statement = pooled.RentStatement(read);
        pooled.CachedStatementCount.ShouldBe(cached - 1);
    }

    [Fact]
    public async Task The_same_statement_can_run_while_it_is_still_being_read()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('x'), ('y')");
        var pairs = new List<(string, long)>();
        foreach (var text in connection.Query<string>("SELECT text FROM notes ORDER BY text", buffered: false))
            pairs.Add((text, connection.Query<string>("SELECT text FROM notes ORDER BY text").Count()));
        pairs.ShouldBe([("x", 2L), ("y", 2L)]);
    }

    [Fact]
    public async Task A_statement_that_failed_is_not_kept_and_the_connection_goes_on_working()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        var pooled = (PooledConnection)connection;
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES (@text)", new { text = "same" });
        var cached = pooled.CachedStatementCount;
        await Should.ThrowAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO notes (text) VALUES (@text)", new { text = "same" }));
        pooled.CachedStatementCount.ShouldBe(cached - 1);
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES (@text)", new { text = "other" });
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM notes")).ShouldBe(2);
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_and_the_transaction_rolled_back()
    {
        var connection = await _db.OpenPooledAsync(None);
        var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('never')", transaction: transaction);
        await connection.DisposeAsync();

        connection.State.ShouldBe(ConnectionState.Closed);
        await using var next = await _db.OpenPooledAsync(None);
        next.ShouldNotBeSameAs(connection);
        (await next.QuerySingleAsync<long>("SELECT count(*) FROM notes")).ShouldBe(0);
    }

    [Fact]
    public async Task Writers_take_turns_until_the_write_ends_and_one_that_does_not_commit_leaves_nothing()
    {
        var first = await _db.BeginWriteAsync(None);
        await first.Connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('first')", transaction: first.Transaction);
        var second = _db.BeginWriteAsync(None);
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse();

        // The commit ends the write, and the turn with it: the second writer gets in, and leaves without committing.
        await first.CommitWithoutHistoryAsync("a table of this test, not the register", None);
        await using (var next = await second.WaitAsync(TimeSpan.FromSeconds(5)))
            await next.Connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('second')", transaction: next.Transaction);

        // The turn was given back by the dispose: a third writer gets in at once, and sees only what was committed.
        await using var third = await _db.BeginWriteAsync(None).WaitAsync(TimeSpan.FromSeconds(5));
        (await third.Connection.QueryAsync<string>("SELECT text FROM notes", transaction: third.Transaction)).ShouldBe(["first"]);
    }

    [Fact]
    public async Task Disposing_the_write_scope_alone_ends_the_turn_and_rolls_back_what_was_not_committed()
    {
        await using (var write = await _db.BeginWriteAsync(None))
            await write.Connection.ExecuteAsync("INSERT INTO notes (text) VALUES ('never committed')", transaction: write.Transaction);

        // One dispose, nothing else: the next writer gets its turn at once, and nothing of the first is stored.
        await using var next = await _db.BeginWriteAsync(None).WaitAsync(TimeSpan.FromSeconds(5));
        (await next.Connection.QueryAsync<string>("SELECT text FROM notes", transaction: next.Transaction)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_write_runs_on_the_one_writer_connection_which_never_joins_the_readers()
    {
        var (first, firstTransaction) = await _db.BeginWriteAsync(None);
        firstTransaction.Dispose();
        await first.DisposeAsync();
        var idle = _db.IdleCount;

        var (second, secondTransaction) = await _db.BeginWriteAsync(None);
        second.ShouldBeSameAs(first);
        secondTransaction.Dispose();
        await second.DisposeAsync();
        _db.IdleCount.ShouldBe(idle);
        second.State.ShouldBe(ConnectionState.Open);
    }

    [Fact]
    public async Task Disposing_the_pool_closes_the_connections_it_keeps()
    {
        var connection = await _db.OpenPooledAsync(None);
        await connection.DisposeAsync();
        connection.State.ShouldBe(ConnectionState.Open);

        _db.Dispose();
        connection.State.ShouldBe(ConnectionState.Closed);
        await Should.ThrowAsync<ObjectDisposedException>(() => _db.OpenPooledAsync(None));
    }
}

/// <summary>Checkpoints run in the background, not inside the commit that happens to cross SQLite's threshold.</summary>
[Trait("Database", "SQLite")]
public sealed class CheckpointTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Every_hundred_commits_the_log_is_copied_into_the_database_file_by_the_background_checkpointer()
    {
        var admin = api.Admin();
        await admin.CreateAdministration("Warm-up");
        var sizeBefore = new FileInfo(api.DatabasePath).Length;

        // A hundred writes of new rows: about 800 log pages, well under the connections' own threshold of 10,000.
        for (var i = 0; i < SqliteDb.CheckpointEveryCommits; i++)
            await admin.CreateAdministration($"Förvaltning {i}");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(api.DatabasePath).Length == sizeBefore && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        new FileInfo(api.DatabasePath).Length.ShouldBeGreaterThan(sizeBefore);
    }
}

[Trait("Database", "SQLite")]
public sealed class SqliteLibraryTests
{
    /// <summary>
    /// The service configures SQLite before its first connection (Db's static constructor). Test classes may open a
    /// connection of their own first, so this process does the same as the service at load (see <see cref="TestProcess"/>).
    /// </summary>
    [Fact]
    public async Task SQLite_keeps_no_allocation_statistics_so_connections_share_no_mutex_for_them()
    {
        SqliteLibrary.Configured.ShouldBeTrue();
        var directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));
        using (var db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(directory, "x.db") }))
        {
            await using var connection = await db.OpenPooledAsync(CancellationToken.None);
            await connection.ExecuteAsync("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(100000))");
            SQLitePCL.raw.sqlite3_memory_used().ShouldBe(0);
        }
        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>What the service does first, done first in the test process too.</summary>
internal static class TestProcess
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void ConfigureSqlite() => SqliteLibrary.Configure();
}
