using System.Data.Common;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// A batch read through SQLitePCL on the connection's kept statements (KeptReader) gives what Microsoft.Data.Sqlite's
/// reader gives for the same batch: each result's names and values, NULLs, empty and non-ASCII texts, texts that are not
/// valid UTF-8, integers and reals, NULL refused by the typed getters; its statements are prepared once per connection and
/// reset after each read.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class KeptReaderValuesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDb _db;
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Batch = """
        SELECT id AS Id, name AS Name, note AS Note, amount AS Amount, share AS Share FROM things WHERE id >= @id ORDER BY id;
        SELECT COUNT(*) AS Count FROM things;
        -- a statement without the parameter, and one that finds nothing
        SELECT name FROM things WHERE id = @id + 1000;
        """;

    public KeptReaderValuesTests()
    {
        _db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(_directory, "batch.db") });
        using var connection = _db.OpenPooledAsync(None).GetAwaiter().GetResult();
        connection.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, amount INTEGER, share REAL);
            INSERT INTO things VALUES (1, 'Kompetensförsörjning 😀 "citat" \ <b>', NULL, 0, 0.5);
            INSERT INTO things VALUES (2, '', '', NULL, NULL);
            INSERT INTO things VALUES (3, 'Åsa Öberg', 'rad 1' || char(10) || 'rad 2' || char(0) || 'efter NUL', -9223372036854775808, -1.25);
            INSERT INTO things VALUES (4, CAST(X'41C3' AS TEXT), CAST(X'7B2261223A2241FF227D' AS TEXT), 9223372036854775807, 1e300);
            """);
    }

    public void Dispose()
    {
        _db.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static List<List<List<object?>>> Everything(DbDataReader reader)
    {
        var results = new List<List<List<object?>>>();
        do
        {
            var rows = new List<List<object?>> { Enumerable.Range(0, reader.FieldCount).Select(i => (object?)reader.GetName(i)).ToList() };
            while (reader.Read())
            {
                var row = new List<object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Add(reader.IsDBNull(i));
                    row.Add(reader.GetValue(i));
                    row.Add(reader.GetFieldType(i));
                    row.Add(reader.IsDBNull(i) ? "null" : reader.GetString(i));
                    if (reader.GetValue(i) is long) row.Add(reader.GetInt64(i));
                }
                rows.Add(row);
            }
            results.Add(rows);
        } while (reader.NextResult());
        return results;
    }

    [Fact]
    public async Task Reads_what_Microsoft_Data_Sqlites_reader_reads_and_prepares_the_batch_once()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        foreach (var from in new[] { 1L, 3L, 99L })
        {
            List<List<List<object?>>> expected;
            await using (var command = Rows.Command(connection, null, Batch, "id", from))
            await using (var reader = await command.ExecuteReaderAsync(None))
                expected = Everything(reader);
            using (var kept = KeptReader.Run(connection, Batch, ("@id", from)))
                Everything(kept).ShouldBe(expected, $"from {from}");
        }
        connection.RawStatements(Batch).ShouldBeSameAs(connection.RawStatements(Batch));
        connection.RawStatements(Batch).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Null_is_refused_by_the_typed_getters_a_finished_result_stays_finished_and_the_statements_are_reset()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        using (var kept = KeptReader.Run(connection, Batch, ("@id", 2)))
        {
            kept.Read().ShouldBeTrue();
            kept.GetString(1).ShouldBe("");
            kept.GetString(2).ShouldBe("");
            Should.Throw<InvalidOperationException>(() => kept.GetInt64(3));
            Should.Throw<InvalidOperationException>(() => kept.GetDouble(4));
            kept.Read().ShouldBeTrue();
            kept.Read().ShouldBeTrue();
            kept.Read().ShouldBeFalse();
            kept.Read().ShouldBeFalse();   // not run again
            kept.NextResult().ShouldBeTrue();
            kept.Read().ShouldBeTrue();
            kept.GetInt64(0).ShouldBe(4);
        }
        // Reset: a write may go ahead, and the next read sees it.
        connection.Execute("INSERT INTO things VALUES (5, 'ny', NULL, NULL, NULL)");
        using (var kept = KeptReader.Run(connection, Batch, ("@id", 5)))
        {
            kept.Read().ShouldBeTrue();
            kept.GetString(1).ShouldBe("ny");
            Should.Throw<InvalidOperationException>(() => kept.GetString(2));
        }
    }
}
