using System.Collections;
using System.Data.Common;
using System.Text;
using SQLitePCL;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A reader over the statements of one text kept prepared on a <see cref="PooledConnection"/>
/// (<see cref="PooledConnection.RawStatements"/>), stepped through SQLitePCL itself: each statement's rows one result, as
/// a command's reader gives them, so the readers written for either database (<see cref="Rows"/>, by ordinal) read it
/// unchanged. It serves the hottest reads: a risk, a unit's follow-up status, a plan's batch. Microsoft.Data.Sqlite's
/// command and reader cost more than these rows: renting and binding the command, and every getter asking SQLite the
/// column's type again (bench/README.md, "Reads on SQLite" and "The summary on SQLite", issue 28, fifth round). The values
/// are those its reader gives: integers as <see cref="long"/>, a text decoded from SQLite's UTF-8 (an invalid byte as
/// U+FFFD), NULL refused by the typed getters. All statements' read of the database lasts until the reader is disposed
/// (one snapshot for a batch); disposing resets them for the next run.
/// </summary>
internal sealed class KeptReader : DbDataReader
{
    private readonly PooledConnection _connection;
    private readonly KeptStatement[] _statements;
    private int _current;
    private bool _done;
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
        // SQLite would run a finished statement again when stepped once more.
        if (_closed || _done || _current >= _statements.Length) return false;
        var rc = raw.sqlite3_step(Statement);
        if (rc == raw.SQLITE_ROW) return true;
        _done = true;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return false;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Read() ? True : False;

    private static readonly Task<bool> True = Task.FromResult(true), False = Task.FromResult(false);

    public override bool NextResult()
    {
        if (_closed || _current >= _statements.Length) return false;
        _done = false;
        return ++_current < _statements.Length;
    }

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => NextResult() ? True : False;

    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(Statement, ordinal) == raw.SQLITE_NULL;

    public override long GetInt64(int ordinal)
    {
        var value = raw.sqlite3_column_int64(Statement, ordinal);
        // Zero is also what NULL reads as: only then is the type asked.
        if (value == 0 && IsDBNull(ordinal)) throw Null(ordinal);
        return value;
    }

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override double GetDouble(int ordinal)
    {
        if (IsDBNull(ordinal)) throw Null(ordinal);
        return raw.sqlite3_column_double(Statement, ordinal);
    }

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetDouble(ordinal);

    public override string GetString(int ordinal)
    {
        // The database's encoding is UTF-8: a TEXT value's bytes as stored. Empty is also what NULL reads as.
        var bytes = raw.sqlite3_column_blob(Statement, ordinal);
        if (bytes.IsEmpty)
            return IsDBNull(ordinal) ? throw Null(ordinal) : "";
        return Encoding.UTF8.GetString(bytes);
    }

    public override object GetValue(int ordinal) => raw.sqlite3_column_type(Statement, ordinal) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(Statement, ordinal),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(Statement, ordinal),
        raw.SQLITE_TEXT => Encoding.UTF8.GetString(raw.sqlite3_column_blob(Statement, ordinal)),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(Statement, ordinal).ToArray(),
        _ => DBNull.Value,
    };

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int FieldCount => _closed || _current >= _statements.Length ? 0 : raw.sqlite3_column_count(Statement);

    public override string GetName(int ordinal) => raw.sqlite3_column_name(Statement, ordinal).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
            if (string.Equals(GetName(i), name, StringComparison.Ordinal)) return i;
        for (var i = 0; i < FieldCount; i++)
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentOutOfRangeException(nameof(name), name, "The result has no such column.");
    }

    public override Type GetFieldType(int ordinal) => raw.sqlite3_column_type(Statement, ordinal) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_TEXT => typeof(string),
        raw.SQLITE_BLOB => typeof(byte[]),
        _ => Affinity(GetDataTypeName(ordinal)),
    };

    // A NULL's type is its column's declared one, by SQLite's rules of affinity.
    private static Type Affinity(string declared) =>
        declared.Contains("INT", StringComparison.OrdinalIgnoreCase) ? typeof(long)
        : declared.Contains("CHAR", StringComparison.OrdinalIgnoreCase) || declared.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
          || declared.Contains("TEXT", StringComparison.OrdinalIgnoreCase) ? typeof(string)
        : declared.Length == 0 || declared.Contains("BLOB", StringComparison.OrdinalIgnoreCase) ? typeof(byte[])
        : typeof(double);

    public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(Statement, ordinal).utf8_to_string() ?? "";

    public override bool HasRows => throw new NotSupportedException("Kept statements are read row by row.");

    public override bool IsClosed => _closed;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("No kept statement reads bytes.");

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("No kept statement reads characters.");

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    private InvalidOperationException Null(int ordinal) => new($"The value of column {GetName(ordinal)} is NULL.");

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
