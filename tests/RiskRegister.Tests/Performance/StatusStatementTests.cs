using Microsoft.Data.Sqlite;
using RiskRegister.Api.Features.Reports.FollowUpStatus;
using SQLitePCL;

namespace RiskRegister.Tests.Performance;

/// <summary>
/// The service keeps each connection's prepared statements (PooledConnection), so a statement is parsed and planned once,
/// not on every request. SQLite plans a bare <c>LIMIT @take</c> with the bound value and then marks the statement to be
/// planned again whenever <c>@take</c> is bound: the follow-up status's page was parsed and planned on every request.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class StatusStatementTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    /// <summary>SQLITE_STMTSTATUS_REPREPARE: how often SQLite had to prepare the statement again.</summary>
    private const int StatementReprepared = 5;

    public static TheoryData<string, string> Statements() => new()
    {
        { "a page of one unit-year", Endpoint.Sql(byYear: true, byUnit: true) },
        { "the next page", Endpoint.Sql(byYear: true, byUnit: true, afterCursor: true) },
        { "a page of every plan", Endpoint.Sql(byYear: false, byUnit: false) },
        { "the CSV's first plans in order", Endpoint.OrderSql(byYear: true, byUnit: false, firstPage: true) },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task A_status_statement_is_planned_once_however_often_it_runs(string name, string sql)
    {
        _ = api.Server;   // the migrations applied
        await using var connection = new SqliteConnection($"Data Source={api.DatabasePath}");
        await connection.OpenAsync();
        connection.Handle!.enable_sqlite3_next_stmt(true);   // to find the command's statement below
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct().ToList();
        foreach (var parameter in names) command.Parameters.Add(new SqliteParameter(parameter, 1L));

        // As the service runs it: the same prepared command, its values bound again for each request.
        for (var run = 1; run <= 3; run++)
        {
            foreach (SqliteParameter parameter in command.Parameters) parameter.Value = parameter.ParameterName == "@take" ? 50L + run : (long)run;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
        }

        var statement = raw.sqlite3_next_stmt(connection.Handle, null);
        while (statement is not null && !statement.IsInvalid && !raw.sqlite3_sql(statement).utf8_to_string().Contains("FROM plans p", StringComparison.Ordinal))
            statement = raw.sqlite3_next_stmt(connection.Handle, statement);
        statement.ShouldNotBeNull(name);
        statement.IsInvalid.ShouldBeFalse(name);
        raw.sqlite3_stmt_status(statement, StatementReprepared, 0).ShouldBe(0, $"{name}: planned again after its first run");
    }
}
