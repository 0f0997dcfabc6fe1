using System.Collections;
using System.Data.Common;
using System.Text;
using SQLitePCL;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The results of a batch of statements on SQLite read through SQLitePCL itself, on the connection's kept statements
/// (<see cref="PooledConnection.RawBatch"/>), as a <see cref="DbDataReader"/>, so that the readers written for either
/// database (<see cref="Rows"/>: by ordinal) read it unchanged. Microsoft.Data.Sqlite's reader asked each column's type
/// again inside every getter (once more for a null check before it) and wrapped every native call in its own checks; a
/// plan's read is some thirty columns a risk (bench/README.md, "The summary on SQLite (issue 28, fifth round)"). Values are
/// those Microsoft.Data.Sqlite gives: integers as <see cref="long"/>, texts decoded from UTF-8 as stored, NULL refused by
/// the typed getters. The statements' read of the database lasts until the reader is disposed, which resets them.
/// </summary>
internal sealed class KeptBatchReader : DbDataReader
{
    private readonly KeptStatement[] _statements;
    private readonly sqlite3 _connection;
    private int _current;
    private bool _done;
    private bool _closed;

    private KeptBatchReader(KeptStatement[] statements, sqlite3 connection) => (_statements, _connection) = (statements, connection);

    /// <summary>Runs the batch <paramref name="sql"/> with its 64-bit parameter <paramref name="name"/> (<c>@id</c>) bound in every statement that has it.</summary>
    public static KeptBatchReader Run(PooledConnection connection, string sql, string name, long value)
    {
        var statements = connection.RawBatch(sql);
        foreach (var statement in statements) statement.BindIfPresent(name, value);
        return new KeptBatchReader(statements, connection.Handle!);
    }

    private sqlite3_stmt Statement => _statements[_current].Handle;

    public override bool Read()
    {
        // SQLite would run a finished statement again when stepped once more.
        if (_closed || _done || _current >= _statements.Length) return false;
        var rc = raw.sqlite3_step(Statement);
        if (rc == raw.SQLITE_ROW) return true;
        _done = true;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection);
        return false;
    }

    public override bool NextResult()
    {
        if (_closed || _current >= _statements.Length) return false;
        _done = false;
        return ++_current < _statements.Length;
    }

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

    public override bool HasRows => throw new NotSupportedException("A kept batch is read row by row.");

    public override bool IsClosed => _closed;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("No statement of a kept batch reads bytes.");

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("No statement of a kept batch reads characters.");

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
