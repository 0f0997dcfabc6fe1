using System.Data.Common;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Reading a batch of results by hand, by ordinal, where Dapper's <c>GridReader</c> cost more than the rows it read: for
/// each result it hashes the whole batch's SQL and every column name to find its mapper, then reads every value boxed
/// after asking SQLite its type (bench/README.md, "The summary on SQLite (issue 28, third round)").
/// </summary>
public static class Rows
{
    /// <summary>
    /// A command of <paramref name="sql"/> with one 64-bit parameter (<c>@name</c>), on either database: on SQLite the
    /// connection's cached statement (<see cref="CachedStatementCommand"/>). Its parameters are named and typed as Dapper
    /// names and types a <c>long?</c>, so the statement is the same prepared one as Dapper's elsewhere. Dispose it after
    /// its reader.
    /// </summary>
    public static DbCommand Command(IDbConnection connection, IDbTransaction? transaction, string sql, string name, long? value)
    {
        var command = ((DbConnection)connection).CreateCommand();
        command.CommandText = sql;
        command.Transaction = (DbTransaction?)transaction;
        return command.With(name, value);
    }

    /// <summary>
    /// The reader of a fixed text by its <c>@id</c>, on either database: on SQLite through the connection's kept statements
    /// (<see cref="KeptReader"/>); on PostgreSQL as a batch of its statements
    /// (<see cref="PostgresBatch"/>), not parsed again on every read; else a <see cref="Command"/>. Disposing the read
    /// disposes the reader, then what it reads through.
    /// </summary>
    public static async Task<ByIdRead> ReadByIdAsync(IDbConnection connection, IDbTransaction? transaction, string sql, long id, CancellationToken ct)
    {
        if (connection is PooledConnection sqlite) return new ByIdRead(KeptReader.Run(sqlite, sql, ("@id", id)), null);
        if (connection is Npgsql.NpgsqlConnection postgres)
        {
            var batch = PostgresBatch.Of(postgres, transaction, sql, "id", id);
            try { return new ByIdRead(await batch.ExecuteReaderAsync(ct), batch); }
            catch { await batch.DisposeAsync(); throw; }
        }
        var command = Command(connection, transaction, sql, "id", id);
        try { return new ByIdRead(await command.ExecuteReaderAsync(ct), command); }
        catch { await command.DisposeAsync(); throw; }
    }

    /// <summary>A reader of <see cref="ReadByIdAsync"/> and the command or batch it reads through, disposed together.</summary>
    public sealed class ByIdRead(DbDataReader reader, IAsyncDisposable? through) : IAsyncDisposable, IDisposable
    {
        public DbDataReader Reader { get; } = reader;

        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync();
            if (through is not null) await through.DisposeAsync();
        }

        public void Dispose()
        {
            Reader.Dispose();
            (through as IDisposable)?.Dispose();
        }
    }

    /// <summary>Adds a 64-bit parameter (<c>@name</c>; null as <see cref="DBNull"/>).</summary>
    public static DbCommand With(this DbCommand command, string name, long? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.Int64;
        parameter.Value = value is { } number ? number : DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// Where each named column of a result is: found once by name from the first reader of a fixed statement (as its
    /// aliases name them; PostgreSQL folds unquoted aliases to lower case), then kept.
    /// </summary>
    public static Func<string, int> Ordinals(IDataRecord record)
    {
        var at = Enumerable.Range(0, record.FieldCount).ToDictionary(record.GetName, StringComparer.OrdinalIgnoreCase);
        return name => at.TryGetValue(name, out var ordinal) ? ordinal : throw new InvalidOperationException($"The result has no column {name}.");
    }

    /// <summary>Adds <paramref name="item"/> to <paramref name="key"/>'s list (a row of a child result to its parent's).</summary>
    public static void AddTo<T>(this Dictionary<long, List<T>> lists, long key, T item)
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
        list.Add(item);
    }

    public static string? StringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64OrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>An integer column as <see cref="int"/> (BIGINT on PostgreSQL, INTEGER on SQLite: both read as 64 bits).</summary>
    public static int Int32Of(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    /// <summary>An enum stored in its API spelling.</summary>
    public static T EnumOf<T>(this DbDataReader reader, int ordinal) where T : struct, Enum => EnumText.FromApi<T>(reader.GetString(ordinal));
}
