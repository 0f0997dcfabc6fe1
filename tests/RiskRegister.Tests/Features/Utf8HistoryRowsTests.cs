using System.Buffers;
using System.Text;
using RiskRegister.Api.Features.History;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Features;

/// <summary>
/// On SQLite a history page is read as the UTF-8 SQLite stores (Utf8HistoryRows) and written from it: byte for byte what
/// the rows read as strings write (HistoryRow.ReadAsync, HistoryTexts.ExpandAsync, HistoryRow.WriteItem), including rows
/// that refer to long texts and texts that are not valid UTF-8, and the statement is reset after each read.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class Utf8HistoryRowsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDb _db;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Long = string.Concat(Enumerable.Repeat("Lång text \"citat\" \\ 😀 <b>&</b>\n", 60));
    private static readonly string Hash = new('a', 64), Missing = new('b', 64);

    public Utf8HistoryRowsTests()
    {
        _db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(_directory, "history.db") });
        using var connection = _db.OpenPooledAsync(None).GetAwaiter().GetResult();
        connection.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, client_name TEXT NOT NULL, subject TEXT, issuer TEXT, entity TEXT NOT NULL,
                entity_id INTEGER NOT NULL, action TEXT NOT NULL, plan_id INTEGER, risk_id INTEGER, before_json TEXT, after_json TEXT);
            CREATE TABLE history_texts (hash TEXT PRIMARY KEY, text TEXT NOT NULL);
            """);
        connection.Execute("INSERT INTO history_texts (hash, text) VALUES (@Hash, @Long)", new { Hash, Long });
        string?[] values =
        [
            null, "{}", """{"title":"Brist i attestordningen","probability":3,"note":null,"ok":true,"no":false}""",
            """{"text":"rad 1\nrad 2\t\"citat\" \\ snedstreck","åäö":"Åsa Öberg","emoji":"😀","escaped":"\u00e5 \ud83d\ude00 \u0007 \u2028 <b>&amp;</b> +'"}""",
            """ { "spaced" : [ 1 , 2.50 , -0 , 1e5 ] , "name\u0020with\"escape" : { "a" : [ {} ] } } """,
            "{\"description\":{\"$text\":\"" + Hash + "\"},\"motivation\":\"kort\"}",
            "{\"description\":{\"$text\":\"" + Missing + "\"}}",
        ];
        var id = 0;
        foreach (var before in values)
            foreach (var after in values.Reverse())
            {
                id++;
                connection.Execute("""
                    INSERT INTO history VALUES (@id, '2026-12-05T10:00:00.000Z', @client, @subject, @issuer, 'risk', @id, 'changed', 3, @risk, @before, @after)
                    """, new { id, client = id % 3 == 0 ? "Region \"Väst\" <system>\n😀" : "Admin", subject = id % 2 == 0 ? null : "sub|1",
                        issuer = id % 2 == 0 ? null : "https://idp.example/", risk = id % 4 == 0 ? (long?)null : 9, before, after });
            }
        // Texts that are not valid UTF-8 (not written by the service, but readable as before: each bad byte as U+FFFD).
        connection.Execute("""
            INSERT INTO history VALUES (1000, '2026-12-05T10:00:00.000Z', CAST(X'41C3' AS TEXT), NULL, NULL, 'risk', 1, 'changed', 3, 9, NULL, CAST(X'7B2261223A2241FF227D' AS TEXT));
            INSERT INTO history VALUES (1001, '2026-12-05T10:00:00.000Z', 'x', CAST(X'E282' AS TEXT), NULL, 'risk', 1, 'changed', 3, 9, '{}', NULL);
            """);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private const int Reprepared = 5;   // SQLITE_STMTSTATUS_REPREPARE: how often the statement was prepared again

    private static Utf8JsonWriter Writer(IBufferWriter<byte> buffer) => new(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });

    [Theory]
    [InlineData(null, 60)]
    [InlineData(null, 2000)]
    [InlineData(30L, 4)]
    [InlineData(1001L, 51)]
    [InlineData(2L, 5)]
    public async Task A_page_read_as_utf8_is_written_as_the_rows_read_as_strings(long? cursor, long asked)
    {
        await using var connection = await _db.OpenPooledAsync(None);
        var sql = HistoryPage.PageSql("plan_id");

        var strings = await HistoryRow.ReadAsync(connection, sql, 3, cursor, asked, None);
        await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, strings, None);
        var expected = new ArrayBufferWriter<byte>();
        using (var json = Writer(expected))
        {
            json.WriteStartArray();
            foreach (var row in strings) row.WriteItem(json);
            json.WriteEndArray();
        }

        var actual = new ArrayBufferWriter<byte>();
        using (var rows = Utf8HistoryRows.Read((PooledConnection)connection, sql, 3, cursor, asked))
        using (var json = Writer(actual))
        {
            rows.Count.ShouldBe(strings.Count);
            json.WriteStartArray();
            await rows.WriteAsync(connection, () => json, rows.Count, None);
            json.WriteEndArray();
            if (rows.Count > 0) rows.IdAt(rows.Count - 1).ShouldBe(strings[^1].Id);
        }

        strings.Count.ShouldBeGreaterThan(0);
        Encoding.UTF8.GetString(actual.WrittenSpan).ShouldBe(Encoding.UTF8.GetString(expected.WrittenSpan));
        actual.WrittenSpan.SequenceEqual(expected.WrittenSpan).ShouldBeTrue();
    }

    [Fact]
    public async Task The_kept_statement_is_reset_after_a_read_even_of_part_of_the_rows()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        var pooled = (PooledConnection)connection;
        var sql = HistoryPage.PageSql("plan_id");
        using (var rows = Utf8HistoryRows.Read(pooled, sql, 3, null, 3)) rows.Count.ShouldBe(3);
        // A statement left stepping would hold the connection's read snapshot open (and checkpoints back).
        SQLitePCL.raw.sqlite3_stmt_busy(pooled.RawStatement(sql).Handle).ShouldBe(0);
        using (var again = Utf8HistoryRows.Read(pooled, sql, 3, 40, 2)) again.IdAt(0).ShouldBe(39);
        using (var none = Utf8HistoryRows.Read(pooled, sql, 4, null, 2)) none.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Pages_run_the_kept_statement_without_preparing_it_again()
    {
        await using var connection = await _db.OpenPooledAsync(None);
        var pooled = (PooledConnection)connection;
        var sql = HistoryPage.PageSql("plan_id");
        using (Utf8HistoryRows.Read(pooled, sql, 3, null, 51)) { }
        var statement = pooled.RawStatement(sql).Handle;
        var prepared = SQLitePCL.raw.sqlite3_stmt_status(statement, Reprepared, 0);
        // Its limit is cast (Paging.Limit): SQLite prepares a statement with a bare LIMIT parameter again each time it is bound.
        for (var i = 0; i < 5; i++)
            using (var rows = Utf8HistoryRows.Read(pooled, sql, 3 + i % 2, i % 2 == 0 ? null : 40, 51 - i)) { }
        using (var fewer = Utf8HistoryRows.Read(pooled, sql, 3, null, 5)) fewer.Count.ShouldBe(5);
        using (var again = Utf8HistoryRows.Read(pooled, sql, 3, null, 51)) again.Count.ShouldBe(51);
        SQLitePCL.raw.sqlite3_stmt_status(statement, Reprepared, 0).ShouldBe(prepared);
    }
}
