using System.Collections;
using System.Data.Common;
using SQLitePCL;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A reader over the statements of one text kept prepared on a <see cref="PooledConnection"/>
/// (<see cref="PooledConnection.RawStatements"/>), stepped through SQLitePCL itself: each statement's rows one result, as
/// a command's reader gives them, for the hottest single reads (a risk, a unit's follow-up status). Microsoft.Data.Sqlite's
/// command and reader cost more than these rows: renting and binding the command, and every getter asking SQLite the
/// column's type again (bench/README.md, "Reads on SQLite (issue 28, fifth round)"). The values are those its reader
/// gives: a text decoded from SQLite's UTF-8 the same way (an invalid byte as U+FFFD), a NULL read as a value refused.
/// Dispose it after reading: that resets the statements (their read of the database ends) for the next run.
/// </summary>
internal sealed class KeptReader : DbDataReader
{
    private readonly PooledConnection _connection;
    private readonly KeptStatement[] _statements;
    private int _current;
    private bool _closed;

    private KeptReader(PooledConnection connection, KeptStatement[] statements) => (_connection, _statements) = (connection, statements);

    /// <summary>
    /// Runs <paramref name="sql"/> with its 64-bit parameters (<c>@name</c>; null as NULL). Every parameter its statements
    /// hold must be given: a kept statement would otherwise run with the value of its last run.
    /// </summary>
    public static KeptReader Run(PooledConnection connection, string sql, params ReadOnlySpan<(string Name, long? Value)> parameters)
    {
        var statements = connection.RawStatements(sql);
        try
        {
            foreach (var statement in statements)
            {
                var bound = 0;
                foreach (var (name, value) in parameters)
                    if (statement.Binds(name)) { statement.Bind(name, value); bound++; }
                if (bound != raw.sqlite3_bind_parameter_count(statement.Handle))
                    throw new InvalidOperationException($"A value is missing for a parameter of: {sql}");
            }
        }
        catch
        {
            foreach (var statement in statements) statement.Reset();
            throw;
        }
        return new KeptReader(connection, statements);
    }

    private sqlite3_stmt Statement => _statements[_current].Handle;

    public override bool Read()
    {
        var rc = raw.sqlite3_step(Statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return false;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Read() ? True : False;

    private static readonly Task<bool> True = Task.FromResult(true), False = Task.FromResult(false);

    public override bool NextResult()
    {
        if (_current + 1 >= _statements.Length) return false;
        _current++;
        return true;
    }

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => NextResult() ? True : False;

    public override int FieldCount => raw.sqlite3_column_count(Statement);
    public override string GetName(int ordinal) => raw.sqlite3_column_name(Statement, ordinal).utf8_to_string();
    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(Statement, ordinal) == raw.SQLITE_NULL;

    public override long GetInt64(int ordinal) =>
        IsDBNull(ordinal) ? throw Null(ordinal) : raw.sqlite3_column_int64(Statement, ordinal);

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override string GetString(int ordinal) =>
        raw.sqlite3_column_text(Statement, ordinal).utf8_to_string() ?? throw Null(ordinal);

    public override double GetDouble(int ordinal) =>
        IsDBNull(ordinal) ? throw Null(ordinal) : raw.sqlite3_column_double(Statement, ordinal);

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override object GetValue(int ordinal) => raw.sqlite3_column_type(Statement, ordinal) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(Statement, ordinal),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(Statement, ordinal),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(Statement, ordinal).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(Statement, ordinal).ToArray(),
        _ => DBNull.Value,
    };

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new IndexOutOfRangeException(name);
    }

    private InvalidCastException Null(int ordinal) => new($"The value of column {GetName(ordinal)} is NULL.");

    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override int Depth => 0;
    public override bool HasRows => throw new NotSupportedException();
    public override bool IsClosed => _closed;
    public override int RecordsAffected => -1;
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();
    public override string GetDataTypeName(int ordinal) => throw new NotSupportedException();
    public override Type GetFieldType(int ordinal) => throw new NotSupportedException();
    public override byte GetByte(int ordinal) => throw new NotSupportedException();
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override char GetChar(int ordinal) => throw new NotSupportedException();
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();
    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();
    public override float GetFloat(int ordinal) => throw new NotSupportedException();
    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();
    public override short GetInt16(int ordinal) => throw new NotSupportedException();

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        foreach (var statement in _statements) statement.Reset();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}
