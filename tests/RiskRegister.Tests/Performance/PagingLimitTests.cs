using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RiskRegister.Api.Infrastructure;
using RiskRegister.Tests.OpenApi;
using SQLitePCL;

namespace RiskRegister.Tests.Performance;

/// <summary>
/// A statement's <c>LIMIT</c> from a parameter goes through <see cref="Paging.Limit"/>: SQLite plans a bare
/// <c>LIMIT @take</c> with the bound value and plans the kept statement again every time the value is bound.
/// </summary>
[Trait("Database", "SQLite")]
public sealed partial class PagingLimitTests
{
    /// <summary>SQLITE_STMTSTATUS_REPREPARE: how often SQLite had to prepare the statement again.</summary>
    private const int StatementReprepared = 5;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // SQLite's own behaviour, which Paging.Limit avoids: if this changes, the cast is no longer needed
    public void A_limit_from_a_parameter_is_planned_once_however_often_it_is_bound(bool bare)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t (id) VALUES (1), (2), (3);";
            create.ExecuteNonQuery();
        }
        connection.Handle!.enable_sqlite3_next_stmt(true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM t ORDER BY id " + (bare ? "LIMIT @take" : Paging.Limit("@take"));
        var take = command.Parameters.Add(new SqliteParameter("@take", 1L));
        for (var run = 1; run <= 3; run++)
        {
            take.Value = (long)run;
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read()) rows++;
            rows.ShouldBe(run);
        }
        var statement = raw.sqlite3_next_stmt(connection.Handle, null);
        while (statement is not null && !statement.IsInvalid && !raw.sqlite3_sql(statement).utf8_to_string().Contains("FROM t", StringComparison.Ordinal))
            statement = raw.sqlite3_next_stmt(connection.Handle, statement);
        statement.ShouldNotBeNull();
        var reprepared = raw.sqlite3_stmt_status(statement, StatementReprepared, 0);
        if (bare) reprepared.ShouldBeGreaterThan(0);
        else reprepared.ShouldBe(0);
    }

    [Fact]
    public void No_statement_of_the_service_has_a_bare_limit_from_a_parameter()
    {
        var source = Path.Combine(OpenApiFile.RepositoryRoot(), "src");
        var bare = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(source, f), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && BareLimit().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();
        bare.ShouldBeEmpty();
    }

    [GeneratedRegex(@"\bLIMIT\s+[@:$]\w", RegexOptions.IgnoreCase)]
    private static partial Regex BareLimit();
}
