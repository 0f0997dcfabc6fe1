using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using SQLitePCL;

namespace RiskRegister.Api.Features.History;

/// <summary>
/// A read of history rows on SQLite through SQLitePCL itself, on the connection's kept statement
/// (<see cref="PooledConnection.RawStatement"/>), or on PostgreSQL from Npgsql's reader (<see cref="ReadAsync"/>): each
/// text is copied as the UTF-8 stored (or sent) into one pooled buffer and written into the answer from there. Microsoft.Data.Sqlite's reader asked each column's type again inside every
/// getter and turned each text into a string, which the answer then turned back into UTF-8 (bench/README.md, "history-plan
/// (issue 28, fourth round)"). The bytes written are those of <see cref="HistoryRow.WriteItem"/>: a row whose values
/// refer to long texts (<see cref="RiskRegister.Api.History.HistoryTexts"/>), or holds a text that is not valid UTF-8, is
/// written through a <see cref="HistoryRow"/> as before.
/// </summary>
internal sealed class Utf8HistoryRows : IDisposable
{
    private readonly struct Text(int start, int length)
    {
        public readonly int Start = start, Length = length;
        public bool IsNull => Start < 0;
        public static readonly Text Null = new(-1, 0);
    }

    private struct Row
    {
        public long Id, EntityId;
        public long? PlanId, RiskId;
        public Text At, ClientName, Subject, Issuer, Entity, Action, Before, After;
    }

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _used;
    private Row[] _rows = ArrayPool<Row>.Shared.Rent(8);

    /// <summary>How many rows were read.</summary>
    public int Count { get; private set; }

    /// <summary>The id of row <paramref name="index"/> (newest first).</summary>
    public long IdAt(int index) => _rows[index].Id;

    /// <summary>
    /// The rows of <paramref name="sql"/> (<see cref="HistoryPage.PageSql"/>: its columns in <see cref="HistoryRow"/>'s
    /// order, its parameters <c>@id</c>, <c>@cursor</c>, <c>@asked</c>).
    /// </summary>
    public static Utf8HistoryRows Read(PooledConnection connection, string sql, long id, long? cursor, long asked)
    {
        var rows = new Utf8HistoryRows();
        var kept = connection.RawStatement(sql);
        var statement = kept.Handle;
        try
        {
            kept.Bind("@id", id);
            kept.Bind("@cursor", cursor);
            kept.Bind("@asked", asked);
            while (true)
            {
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE) break;
                if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
                rows.Add(statement);
            }
        }
        catch
        {
            rows.Dispose();
            throw;
        }
        finally
        {
            kept.Reset();
        }
        return rows;
    }

    /// <summary>
    /// The rows of <paramref name="reader"/>'s current result (PostgreSQL: <see cref="HistoryPage.PageSql"/>'s columns), each
    /// text copied as the UTF-8 the server sent (the connection's client encoding) into the same buffer, not decoded into
    /// a string to be encoded again for the answer.
    /// </summary>
    public static async Task<Utf8HistoryRows> ReadAsync(DbDataReader reader, CancellationToken ct)
    {
        var rows = new Utf8HistoryRows();
        try
        {
            while (await reader.ReadAsync(ct)) rows.Add(reader);
        }
        catch
        {
            rows.Dispose();
            throw;
        }
        return rows;
    }

    private void Add(DbDataReader reader)
    {
        GrowRows();
        _rows[Count++] = new Row
        {
            Id = reader.GetInt64(0), At = Copy(reader, 1), ClientName = Copy(reader, 2),
            Subject = CopyOrNull(reader, 3), Issuer = CopyOrNull(reader, 4), Entity = Copy(reader, 5),
            EntityId = reader.GetInt64(6), Action = Copy(reader, 7),
            PlanId = reader.Int64OrNull(8), RiskId = reader.Int64OrNull(9), Before = CopyOrNull(reader, 10), After = CopyOrNull(reader, 11),
        };
    }

    private Text CopyOrNull(DbDataReader reader, int column) => reader.IsDBNull(column) ? Text.Null : Copy(reader, column);

    // A text column's bytes as sent (Npgsql reads a text as bytes through GetBytes): its length first, then the bytes.
    private Text Copy(DbDataReader reader, int column)
    {
        var length = checked((int)reader.GetBytes(column, 0, null, 0, 0));
        Reserve(length);
        var copied = checked((int)reader.GetBytes(column, 0, _bytes, _used, length));
        var text = new Text(_used, copied);
        _used += copied;
        return text;
    }

    private void GrowRows()
    {
        if (Count < _rows.Length) return;
        var larger = ArrayPool<Row>.Shared.Rent(Count * 2);
        _rows.AsSpan(0, Count).CopyTo(larger);
        ArrayPool<Row>.Shared.Return(_rows);
        _rows = larger;
    }

    private void Reserve(int length)
    {
        if (_used + length <= _bytes.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _used + length));
        _bytes.AsSpan(0, _used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }

    private void Add(sqlite3_stmt statement)
    {
        GrowRows();
        _rows[Count++] = new Row
        {
            Id = raw.sqlite3_column_int64(statement, 0), At = Copy(statement, 1), ClientName = Copy(statement, 2),
            Subject = CopyOrNull(statement, 3), Issuer = CopyOrNull(statement, 4), Entity = Copy(statement, 5),
            EntityId = raw.sqlite3_column_int64(statement, 6), Action = Copy(statement, 7),
            PlanId = Int64OrNull(statement, 8), RiskId = Int64OrNull(statement, 9), Before = CopyOrNull(statement, 10), After = CopyOrNull(statement, 11),
        };
    }

    private static long? Int64OrNull(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, column);

    private Text CopyOrNull(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? Text.Null : Copy(statement, column);

    // A text column's value as stored: the database's encoding is UTF-8, and a TEXT value's blob is its bytes unconverted.
    private Text Copy(sqlite3_stmt statement, int column)
    {
        var value = raw.sqlite3_column_blob(statement, column);
        Reserve(value.Length);
        value.CopyTo(_bytes.AsSpan(_used));
        var text = new Text(_used, value.Length);
        _used += value.Length;
        return text;
    }

    private ReadOnlySpan<byte> Span(Text text) => _bytes.AsSpan(text.Start, text.Length);

    private string? String(Text text) => text.IsNull ? null : Encoding.UTF8.GetString(Span(text));

    /// <summary>
    /// Writes the first <paramref name="count"/> rows as items, in order; the rows whose values refer to long texts have
    /// them put back first (one query on <paramref name="connection"/>, as <see cref="HistoryPage"/> did for every row).
    /// </summary>
    public async Task WriteAsync(IDbConnection connection, Func<Utf8JsonWriter> items, int count, CancellationToken ct)
    {
        HistoryRow?[]? asStrings = null;
        for (var i = 0; i < count; i++)
            if (RefersToLongTexts(_rows[i]) || !IsValid(_rows[i]))
                (asStrings ??= new HistoryRow?[count])[i] = ToHistoryRow(_rows[i]);
        if (asStrings is not null)
            await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, asStrings.OfType<HistoryRow>().ToList(), ct);
        for (var i = 0; i < count; i++)
        {
            if (asStrings?[i] is { } row) row.WriteItem(items());
            else WriteItem(items(), _rows[i]);
        }
    }

    private static ReadOnlySpan<byte> Marker => "{\"$text\":\""u8;

    private bool RefersToLongTexts(in Row row) =>
        (!row.Before.IsNull && Span(row.Before).IndexOf(Marker) >= 0) || (!row.After.IsNull && Span(row.After).IndexOf(Marker) >= 0);

    // Stored by the service, every text is valid UTF-8; one that is not is decoded as before (each invalid byte U+FFFD).
    private bool IsValid(in Row row) =>
        System.Text.Unicode.Utf8.IsValid(Span(row.At)) && System.Text.Unicode.Utf8.IsValid(Span(row.ClientName))
        && System.Text.Unicode.Utf8.IsValid(Span(row.Entity)) && System.Text.Unicode.Utf8.IsValid(Span(row.Action))
        && (row.Subject.IsNull || System.Text.Unicode.Utf8.IsValid(Span(row.Subject)))
        && (row.Issuer.IsNull || System.Text.Unicode.Utf8.IsValid(Span(row.Issuer)))
        && (row.Before.IsNull || System.Text.Unicode.Utf8.IsValid(Span(row.Before)))
        && (row.After.IsNull || System.Text.Unicode.Utf8.IsValid(Span(row.After)));

    private HistoryRow ToHistoryRow(in Row row) => new()
    {
        Id = row.Id, At = String(row.At)!, ClientName = String(row.ClientName)!, Subject = String(row.Subject), Issuer = String(row.Issuer),
        Entity = String(row.Entity)!, EntityId = row.EntityId, Action = String(row.Action)!, PlanId = row.PlanId, RiskId = row.RiskId,
        BeforeJson = String(row.Before), AfterJson = String(row.After),
    };

    /// <summary>As <see cref="HistoryRow.WriteItem"/>, from the UTF-8 read.</summary>
    private void WriteItem(Utf8JsonWriter json, in Row row)
    {
        json.WriteStartObject();
        json.WriteNumber(HistoryRow.Names.Id, row.Id);
        json.WriteString(HistoryRow.Names.At, Span(row.At));
        json.WriteString(HistoryRow.Names.ClientName, Span(row.ClientName));
        WriteStringOrNull(json, HistoryRow.Names.Subject, row.Subject);
        WriteStringOrNull(json, HistoryRow.Names.Issuer, row.Issuer);
        json.WriteString(HistoryRow.Names.Entity, Span(row.Entity));
        json.WriteNumber(HistoryRow.Names.EntityId, row.EntityId);
        json.WriteString(HistoryRow.Names.Action, Span(row.Action));
        HistoryRow.WriteNumberOrNull(json, HistoryRow.Names.PlanId, row.PlanId);
        HistoryRow.WriteNumberOrNull(json, HistoryRow.Names.RiskId, row.RiskId);
        json.WritePropertyName(HistoryRow.Names.Before);
        CopyObjectOrNull(json, row.Before);
        json.WritePropertyName(HistoryRow.Names.After);
        CopyObjectOrNull(json, row.After);
        json.WriteEndObject();
    }

    private void WriteStringOrNull(Utf8JsonWriter json, JsonEncodedText name, Text value)
    {
        if (value.IsNull) json.WriteNull(name);
        else json.WriteString(name, Span(value));
    }

    private void CopyObjectOrNull(Utf8JsonWriter json, Text value)
    {
        if (value.IsNull) json.WriteNullValue();
        else HistoryRow.CopyObject(json, Span(value));
    }

    public void Dispose()
    {
        if (_rows.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<Row>.Shared.Return(_rows);
        _bytes = [];
        _rows = [];
    }
}
