using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Auth;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Api.Infrastructure;
using FollowUpStatusEndpoint = RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// On SQLite a single risk and a page of follow-up status are read through the connection's kept statements, stepped
/// through SQLitePCL (KeptReader): the values are those Microsoft.Data.Sqlite's reader gives for the same statements
/// (texts with every kind of character, long ones, invalid UTF-8, NULLs, every result of a batch), a statement missing a
/// parameter's value is refused, and the statements are reset after each read.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class KeptReaderTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Long = string.Concat(Enumerable.Repeat("Lång text \"citat\" \\ 😀 <b>&</b>\n\t\u2028", 3000));

    private SqliteDb Db => (SqliteDb)api.Services.GetRequiredService<Db>();

    /// <summary>A plan with risks of every shape: activities, both rounds, a marking, areas, adoptions; one with texts that are not valid UTF-8.</summary>
    private async Task<(long PlanId, long UnitId, long[] RiskIds)> RegisterAsync()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Förvaltning \"Nord\" <b>& " + Guid.NewGuid().ToString("N")[..6]);
        var planId = await admin.CreatePlan(unitId);
        var full = await admin.CreateRisk(planId, Risks.Granskning("Brist i \"attest\" 😀 <script>"));
        await admin.AddActivity(full.Id);
        await admin.AddActivity(full.Id, Risks.Activity("2023-06-30"));
        var bare = await admin.CreateRisk(planId, Risks.Lower());
        var broken = await admin.CreateRisk(planId, Risks.Bevakning());
        await admin.Adopt(planId, Risks.Decision);
        await admin.RecordFollowUp1(full.Id);
        await admin.RecordFollowUp2(full.Id);
        await using var connection = new SqliteConnection($"Data Source={api.DatabasePath}");
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            UPDATE risks SET secrecy_ground = 'OSL 18 kap. 8 §', secrecy_note = NULL, secrecy_marked_at = '2026-12-01T10:00:00.000Z',
                secrecy_marked_by = '', description = @Long, consequences = '{"Ekonomi":3,"Patientsäkerhet":2}' WHERE id = @full;
            UPDATE risks SET title = CAST(X'41C3FF42E282' AS TEXT), owner = CAST(X'C0AF' AS TEXT) WHERE id = @broken;
            """, new { Long, full = full.Id, broken = broken.Id });
        return (planId, unitId, [full.Id, bare.Id, broken.Id, 999_999_999]);
    }

    /// <summary>Every result of <paramref name="reader"/>: per result its column names, and per row every value.</summary>
    private static async Task<List<(string[] Names, List<object[]> Rows)>> AllAsync(System.Data.Common.DbDataReader reader)
    {
        var results = new List<(string[], List<object[]>)>();
        do
        {
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object[]>();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                // The typed getters the readers use, beside GetValue.
                for (var i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(i) ? (object)"NULL" : values[i] is long ? (object)(reader.GetInt64(i), values[i]) : (reader.GetString(i), values[i]);
                rows.Add(values);
            }
            results.Add((names, rows));
        } while (await reader.NextResultAsync());
        return results;
    }

    private static async Task<List<(string[] Names, List<object[]> Rows)>> AsMicrosoftReadsAsync(string sql, params (string Name, long? Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={AsPath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(new SqliteParameter(name, (object?)value ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync();
        return await AllAsync(reader);
    }

    private static string AsPath = "";

    private static void ShouldBeSame(List<(string[] Names, List<object[]> Rows)> kept, List<(string[] Names, List<object[]> Rows)> expected, string what)
    {
        kept.Count.ShouldBe(expected.Count, what);
        for (var r = 0; r < kept.Count; r++)
        {
            kept[r].Names.ShouldBe(expected[r].Names, what);
            kept[r].Rows.Count.ShouldBe(expected[r].Rows.Count, what);
            for (var row = 0; row < kept[r].Rows.Count; row++)
                kept[r].Rows[row].ShouldBe(expected[r].Rows[row], $"{what}: result {r}, row {row}");
        }
    }

    [Fact]
    public async Task A_risk_read_through_kept_statements_has_the_values_of_microsofts_reader()
    {
        var (_, _, riskIds) = await RegisterAsync();
        AsPath = api.DatabasePath;
        await using var connection = await Db.OpenPooledAsync(None);
        foreach (var id in riskIds)
            for (var run = 0; run < 2; run++)   // the second run on the kept statements, bound anew
            {
                using var reader = KeptReader.Run(connection, RiskReader.SingleRiskSql, ("@id", id));
                ShouldBeSame(await AllAsync(reader), await AsMicrosoftReadsAsync(RiskReader.SingleRiskSql, ("@id", id)), $"risk {id}, run {run}");
            }
        // The long text and the invalid UTF-8, as Microsoft.Data.Sqlite decodes them (each invalid byte U+FFFD).
        var full = await RiskReader.LoadAsync(connection, null, riskIds[0], None);
        full!.Risk.Description.ShouldBe(Long);
        var broken = await RiskReader.LoadAsync(connection, null, riskIds[2], None);
        broken!.Risk.Title.ShouldBe("A\uFFFD\uFFFDB\uFFFD");
        broken.Risk.Owner.ShouldBe("\uFFFD\uFFFD");
    }

    [Fact]
    public async Task A_risk_is_read_on_sqlite_through_the_connections_kept_statements_reset_after_each_read()
    {
        var (_, _, riskIds) = await RegisterAsync();
        // A pool of its own, whose connections have read nothing yet.
        using var db = new SqliteDb(new DatabaseSettings { Path = api.DatabasePath });
        await using var connection = await db.OpenPooledAsync(None);
        connection.Keeps(RiskReader.SingleRiskSql).ShouldBeFalse();
        var commands = connection.CachedStatementCount;
        var caller = new Caller(1, "test", Role.Admin, new HashSet<long>());
        (await RiskReader.LoadVisibleAsync(connection, null, riskIds[0], caller, None)).ShouldNotBeNull();
        var kept = connection.KeptStatementCount;
        (await RiskReader.LoadVisibleAsync(connection, null, riskIds[3], caller, None)).ShouldBeNull();
        (await RiskReader.LoadVisibleAsync(connection, null, riskIds[1], caller, None)).ShouldNotBeNull();
        connection.Keeps(RiskReader.SingleRiskSql).ShouldBeTrue();
        connection.RawStatements(RiskReader.SingleRiskSql).Length.ShouldBe(3, "the risk, its adoptions and its goals");
        connection.KeptStatementCount.ShouldBe(kept, "kept once, not prepared again");
        connection.CachedStatementCount.ShouldBe(commands, "no Microsoft.Data.Sqlite command for the risk");
        foreach (var statement in connection.RawStatements(RiskReader.SingleRiskSql))
            SQLitePCL.raw.sqlite3_stmt_busy(statement.Handle).ShouldBe(0, "reset after the read");
    }

    public static TheoryData<bool, bool, bool> StatusForms() => new()
    {
        { true, true, false }, { true, true, true }, { false, false, false }, { true, false, true }, { false, true, false },
    };

    [Theory]
    [MemberData(nameof(StatusForms))]
    public async Task A_status_page_read_through_kept_statements_has_the_values_of_microsofts_reader(bool byYear, bool byUnit, bool afterCursor)
    {
        // Two units' plans of the year, so a page after the first plan has one, whichever test of the class ran first.
        await RegisterAsync();
        var (_, unitId, _) = await RegisterAsync();
        AsPath = api.DatabasePath;
        var sql = FollowUpStatusEndpoint.Sql(byYear, byUnit, afterCursor);
        await using var connection = await Db.OpenPooledAsync(None);
        // After a cursor: after the first plan of the page without it.
        var first = await AsMicrosoftReadsAsync(FollowUpStatusEndpoint.Sql(byYear, byUnit), ("@year", 2023), ("@unitId", unitId), ("@take", 51));
        (string, long?)[] parameters = [("@year", byYear ? 2023 : null), ("@unitId", byUnit ? unitId : null), ("@cursor", afterCursor ? (long)first[0].Rows[0][0].ShouldBeOfType<ValueTuple<long, object>>().Item1 : null), ("@take", 51)];
        for (var run = 0; run < 2; run++)
        {
            using var reader = KeptReader.Run(connection, sql, parameters);
            var kept = await AllAsync(reader);
            if (!(afterCursor && byUnit)) kept[0].Rows.ShouldNotBeEmpty();   // a unit's one plan has nothing after it
            ShouldBeSame(kept, await AsMicrosoftReadsAsync(sql, parameters), $"run {run}");
        }
    }

    [Fact]
    public async Task A_status_page_is_read_on_sqlite_through_a_kept_statement()
    {
        var (_, unitId, _) = await RegisterAsync();
        // A form no other test here reads: a unit's plans of every year after a cursor.
        var response = await api.Admin().GetAsync($"/api/v1/follow-up-status?unitId={unitId}&cursor=1");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sql = FollowUpStatusEndpoint.Sql(byYear: false, byUnit: true, afterCursor: true);
        // The client can have the whole answer before the request's connection is back in the pool: look again a while.
        var keeping = 0;
        for (var look = 0; look < 100 && keeping == 0; look++)
        {
            if (look > 0) await Task.Delay(50);
            keeping = await KeepingAsync(sql);
        }
        keeping.ShouldBe(1);
    }

    /// <summary>How many of the pool's idle connections keep <paramref name="sql"/> prepared.</summary>
    private async Task<int> KeepingAsync(string sql)
    {
        var connections = new List<PooledConnection>();
        for (var i = Db.IdleCount; i > 0; i--) connections.Add(await Db.OpenPooledAsync(None));
        var keeping = connections.Count(c => c.Keeps(sql));
        foreach (var connection in connections) await connection.DisposeAsync();
        return keeping;
    }

    [Fact]
    public async Task A_statement_missing_a_parameters_value_is_refused_and_left_reset()
    {
        await using var connection = await Db.OpenPooledAsync(None);
        var sql = FollowUpStatusEndpoint.Sql(byYear: true, byUnit: true);
        Should.Throw<InvalidOperationException>(() => KeptReader.Run(connection, sql, ("@year", 2023), ("@take", 5)));
        foreach (var statement in connection.RawStatements(sql))
            SQLitePCL.raw.sqlite3_stmt_busy(statement.Handle).ShouldBe(0);
        using var reader = KeptReader.Run(connection, sql, ("@year", 2023), ("@unitId", 1), ("@take", 5));
        while (reader.Read()) { }
    }

    [Fact]
    public async Task A_text_is_found_by_its_reference_and_by_its_content_and_texts_made_anew_do_not_grow_the_references()
    {
        // RawStatements finds a kept text by reference first; an equal text that is another string finds the same
        // statements by content, and texts built for each call fill the reference lookup only up to its bound.
        await using var connection = await Db.OpenPooledAsync(None);
        var sql = FollowUpStatusEndpoint.Sql(byYear: true, byUnit: false);
        var kept = connection.RawStatements(sql);
        connection.RawStatements(sql).ShouldBeSameAs(kept);
        var copy = new string(sql.AsSpan());
        ReferenceEquals(copy, sql).ShouldBeFalse();
        connection.RawStatements(copy).ShouldBeSameAs(kept);
        for (var i = 0; i < 200; i++) connection.RawStatements(new string(sql.AsSpan())).ShouldBeSameAs(kept);
        connection.KeptByReference.ShouldBeLessThanOrEqualTo(64);
        connection.KeptByReference.ShouldBeGreaterThan(0);
    }
}
