using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A fixed text of several statements with one 64-bit parameter <c>@name</c>, sent to PostgreSQL as an
/// <see cref="NpgsqlBatch"/> of its statements, the parameter by position (<c>$1</c>): the statements the database gets
/// from Npgsql's own parse of the text, without that parse (splitting the text, numbering the names) on every run. Each
/// text is split once and kept; give only texts built once (static), not per request.
/// </summary>
public static class PostgresBatch
{
    /// <summary>A statement of a text, and whether it takes the parameter.</summary>
    private sealed record Statement(string Text, bool TakesParameter);

    // Kept by the text's reference: the texts are static strings, and hashing one of several kilobytes would cost more than a lookup.
    private static readonly ConcurrentDictionary<string, (string Name, Statement[] Statements)> Split = new(ReferenceEqualityComparer.Instance);
    private const int MostTexts = 64;

    /// <summary>The batch of <paramref name="sql"/>'s statements with <c>@<paramref name="name"/></c> as <paramref name="value"/>. Dispose it after its reader.</summary>
    public static NpgsqlBatch Of(NpgsqlConnection connection, IDbTransaction? transaction, string sql, string name, long value)
    {
        if (!Split.TryGetValue(sql, out var split) || split.Name != name)
        {
            split = (name, [.. Statements(sql).Select(s => Numbered(s, name))]);
            if (Split.Count < MostTexts) Split[sql] = split;
        }
        var batch = connection.CreateBatch();
        batch.Transaction = (NpgsqlTransaction?)transaction;
        foreach (var statement in split.Statements)
        {
            var command = new NpgsqlBatchCommand(statement.Text);
            if (statement.TakesParameter) command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    private static Statement Numbered(string statement, string name)
    {
        var numbered = SqlDialect.Positional(statement, name);
        return new Statement(numbered, numbered != statement);
    }

    /// <summary>
    /// The statements of <paramref name="sql"/>, split at each <c>;</c> outside quotes and comments, trimmed, empty ones
    /// left out (as Npgsql splits a command's text). Refused: the forms this split does not know and Npgsql's does
    /// (dollar quotes, backslash escapes in <c>E'…'</c>, nested comments), so that no text is ever split wrongly.
    /// </summary>
    internal static List<string> Statements(string sql)
    {
        if (sql.Contains('$') || sql.Contains('\\') || sql.IndexOf("/*", sql.IndexOf("/*", StringComparison.Ordinal) + 1, StringComparison.Ordinal) > 0)
            throw new ArgumentException("A text for a PostgreSQL batch holds no dollar quote, backslash or second comment block: split it by hand.", nameof(sql));
        var statements = new List<string>();
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case '\'' or '"':
                    var quote = sql[i];
                    // A doubled quote inside is the quote itself: the scan leaves and re-enters the quoted text.
                    i = sql.IndexOf(quote, i + 1);
                    if (i < 0) i = sql.Length;
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = sql.IndexOf('\n', i);
                    if (i < 0) i = sql.Length;
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = i < 0 ? sql.Length : i + 1;
                    break;
                case ';':
                    Add(sql[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (start < sql.Length) Add(sql[start..]);
        return statements;

        void Add(string statement)
        {
            statement = statement.Trim();
            if (statement.Length > 0) statements.Add(statement);
        }
    }
}
