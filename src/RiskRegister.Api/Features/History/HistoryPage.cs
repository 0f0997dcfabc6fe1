using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.History;

/// <summary>Query of both history endpoints: newest first, a page at a time; the cursor is an entry's id, older ones follow.</summary>
public abstract class HistoryQuery : PageQuery;

/// <summary>One recorded write.</summary>
public sealed class HistoryItem
{
    /// <summary>The entry's id; later entries have larger ids.</summary>
    public long Id { get; init; }
    /// <summary>When the write was made (UTC).</summary>
    [Timestamp] public string At { get; init; } = "";
    /// <summary>Who made it: the API client's name, or the person's (or token client's) name from their bearer token.</summary>
    public string ClientName { get; init; } = "";
    /// <summary>When a bearer token made it: the person's subject (<c>sub</c>) at <see cref="Issuer"/>, which stays when the name changes.</summary>
    public string? Subject { get; init; }
    /// <summary>When a bearer token made it: the token's issuer.</summary>
    public string? Issuer { get; init; }
    /// <summary>What was written: <c>plan</c>, <c>risk</c>, <c>activity</c>, <c>followUp1</c>, <c>followUp2</c>, …</summary>
    public string Entity { get; init; } = "";
    /// <summary>The id of what was written (for a follow-up: its risk's id).</summary>
    public long EntityId { get; init; }
    /// <summary><c>created</c>, <c>changed</c>, <c>deleted</c>, <c>adopted</c>, <c>copied</c>, <c>closed</c>, <c>recorded</c>, …</summary>
    public string Action { get; init; } = "";
    /// <summary>The plan the write concerned.</summary>
    public long? PlanId { get; init; }
    /// <summary>The risk the write concerned, if any (kept after the risk is deleted).</summary>
    public long? RiskId { get; init; }
    /// <summary>The values before the write; null for a creation.</summary>
    public JsonObject? Before { get; init; }
    /// <summary>The values after the write; null for a deletion.</summary>
    public JsonObject? After { get; init; }
}

public sealed class HistoryPage
{
    /// <summary>This page of entries, newest first.</summary>
    public List<HistoryItem> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for older entries; null on the last page.</summary>
    public long? NextCursor { get; init; }

    /// <summary>
    /// Writes one page of the entries whose <paramref name="column"/> (<c>plan_id</c> or <c>risk_id</c>) is
    /// <paramref name="id"/> to the client as it reads them (<see cref="StreamedPage"/>), a few at a time from the
    /// cursor down: a page of 500 entries with long texts is megabytes, and a storm of them must not hold every page
    /// whole at once. The bytes are those of a <see cref="HistoryPage"/> built whole.
    /// </summary>
    internal static Task StreamAsync(HttpResponse response, Db db, string column, long id, HistoryQuery query, CancellationToken ct) =>
        StreamAsync(response, db, column, id, query, null, ct);

    /// <summary>
    /// A plan's history, when <paramref name="caller"/> may see the plan (plans are never deleted, so the plan decides
    /// who may read its history); false, with nothing written, when the plan does not exist or the caller may not see it.
    /// The plan's header is read in the first read's command, before its page (one round trip on PostgreSQL, where a
    /// command of its own was a second).
    /// </summary>
    internal static Task<bool> StreamOfPlanAsync(HttpResponse response, Db db, long planId, Caller caller, HistoryQuery query, CancellationToken ct) =>
        StreamAsync(response, db, "plan_id", planId, query, caller, ct);

    private static async Task<bool> StreamAsync(HttpResponse response, Db db, string column, long id, HistoryQuery query, Caller? planReader, CancellationToken ct)
    {
        var perRead = StreamedPage.RowsPerReadFor(query.Take);
        var page = new StreamedPage(response, whole: perRead >= query.Take);
        var (cursor, left, more) = (query.Cursor, query.Take, false);
        var hidden = false;
        while (left > 0)
        {
            // The last read asks one more than it sends, to know whether older entries follow.
            var asked = left > perRead ? perRead : left + 1;
            // Only the first read asks for the plan: what it decided holds for the page.
            var guard = planReader;
            planReader = null;
            // SQLite: in process, so the header is a statement of its own; the page read as UTF-8 (Utf8HistoryRows).
            // PostgreSQL: header and page in one round trip, made before the read's turn (PostgresRead).
            var count = db.Provider == DatabaseProvider.Postgres
                ? await page.ReadAsync(db, connection => PostgresRead.SendAsync((NpgsqlConnection)connection, column, id, guard is not null, cursor, asked, ct),
                    async (connection, sent) => await WriteAsync(connection, await sent.ReadAsync(guard, ct)), ct)
                : await page.ReadAsync(db, async connection => await WriteAsync(connection,
                    guard is not null && await PlanHeader.LoadVisibleAsync(connection, null, id, guard, ct) is null
                        ? null
                        : Utf8HistoryRows.Read((PooledConnection)connection, PageSql(column), id, cursor, asked)), ct);
            if (hidden) return false;
            left -= count;
            if (more || count < asked) break;
        }
        await page.EndAsync(json =>
        {
            if (more) json.WriteNumber("nextCursor", cursor!.Value);
            else json.WriteNull("nextCursor");
        }, ct);
        return true;

        // A read's rows as items (null: the plan may not be seen, nothing written); how many were sent.
        async Task<int> WriteAsync(IDbConnection connection, Utf8HistoryRows? read)
        {
            if (read is null)
            {
                hidden = true;
                return 0;
            }
            using (read)
            {
                more = read.Count > left;
                var sent = more ? read.Count - 1 : read.Count;
                await read.WriteAsync(connection, () => page.ItemWriter, sent, ct);
                if (sent > 0) cursor = read.IdAt(sent - 1);
                return sent;
            }
        }
    }

    /// <summary>
    /// A page's read on PostgreSQL: one batch of the statements with their parameters by position
    /// (<see cref="PositionalHeaderSql"/> when the plan's header decides, then <see cref="PositionalPageSql"/>), so one round
    /// trip; Npgsql sends such texts as they are, where with <c>@names</c> it parses the command on every run to split it
    /// and number them (the database gets the same statements either way, numbered as Npgsql numbered the names).
    /// Sent before the read's turn (<see cref="StreamedPage.ReadAsync{TSent, T}"/>); its rows read in it.
    /// </summary>
    internal sealed class PostgresRead(NpgsqlBatch batch, NpgsqlDataReader reader) : IAsyncDisposable
    {
        public static async Task<PostgresRead> SendAsync(NpgsqlConnection connection, string column, long id, bool withHeader, long? cursor, long asked, CancellationToken ct)
        {
            var batch = connection.CreateBatch();
            try
            {
                if (withHeader)
                {
                    var header = new NpgsqlBatchCommand(PositionalHeaderSql);
                    header.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id });
                    batch.BatchCommands.Add(header);
                }
                var page = new NpgsqlBatchCommand(PositionalPageSql(column));
                page.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id });
                page.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = cursor is { } after ? after : DBNull.Value });
                page.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = asked });
                batch.BatchCommands.Add(page);
                return new PostgresRead(batch, await batch.ExecuteReaderAsync(ct));
            }
            catch
            {
                await batch.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// The page's rows, the reader then closed (the long texts are read on the same connection); null when
        /// <paramref name="planReader"/> is given and the plan does not exist or it may not see it (the page left unread).
        /// </summary>
        public async Task<Utf8HistoryRows?> ReadAsync(Caller? planReader, CancellationToken ct)
        {
            await using (reader)
            {
                if (planReader is not null)
                {
                    if (await PlanHeader.ReadVisibleAsync(reader, planReader, ct) is null) return null;
                    await reader.NextResultAsync(ct);
                }
                return await Utf8HistoryRows.ReadAsync(reader, ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await batch.DisposeAsync();
        }
    }

    /// <summary>
    /// The plan's header (<see cref="PlanHeader.Sql"/>, <c>@planId</c>) and then a page of its history (<see cref="PageSql"/>),
    /// in one command: what <see cref="StreamOfPlanAsync"/>'s first read runs on PostgreSQL, as a batch of
    /// <see cref="PositionalHeaderSql"/> and <see cref="PositionalPageSql"/> (the bench's SQL ceiling runs it).
    /// </summary>
    public static readonly string PlanPageAfterHeaderSql = PlanHeader.Sql + ";\n" + Sql("plan_id");

    /// <summary><see cref="PlanHeader.Sql"/> with <c>$1</c> for <c>@planId</c>.</summary>
    internal static readonly string PositionalHeaderSql = SqlDialect.Positional(PlanHeader.Sql, "planId");

    /// <summary><see cref="PageSql"/> with <c>$1, $2, $3</c> for <c>@id</c>, <c>@cursor</c>, <c>@asked</c>.</summary>
    internal static string PositionalPageSql(string column) => column switch
    {
        "plan_id" => PositionalPlanPageSql,
        "risk_id" => PositionalRiskPageSql,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private static readonly string PositionalPlanPageSql = SqlDialect.Positional(Sql("plan_id"), "id", "cursor", "asked"),
        PositionalRiskPageSql = SqlDialect.Positional(Sql("risk_id"), "id", "cursor", "asked");

    /// <summary>A page's statement, newest first from the cursor (<c>@id</c>, <c>@cursor</c>, <c>@asked</c>), for <c>plan_id</c> or <c>risk_id</c> (the bench's SQL ceiling runs it too).</summary>
    public static string PageSql(string column) => column switch
    {
        "plan_id" => PlanPageSql,
        "risk_id" => RiskPageSql,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private static readonly string PlanPageSql = Sql("plan_id"), RiskPageSql = Sql("risk_id");

    private static string Sql(string column) => $"""
        SELECT id AS Id, at AS At, client_name AS ClientName, subject AS Subject, issuer AS Issuer, entity AS Entity, entity_id AS EntityId, action AS Action,
               plan_id AS PlanId, risk_id AS RiskId, before_json AS BeforeJson, after_json AS AfterJson
        FROM history
        WHERE {column} = @id AND (@cursor IS NULL OR id < @cursor)
        ORDER BY id DESC
        {Paging.Limit("@asked")}
        """;
}

/// <summary>One row of the history table as Dapper reads it: the history pages and the event feed share it.</summary>
internal class HistoryRow
{
    public long Id { get; init; }
    public string At { get; init; } = "";
    public string ClientName { get; init; } = "";
    public string? Subject { get; init; }
    public string? Issuer { get; init; }
    public string Entity { get; init; } = "";
    public long EntityId { get; init; }
    public string Action { get; init; } = "";
    public long? PlanId { get; init; }
    public long? RiskId { get; init; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }

    // Stored as JSON text; sent as JSON objects so clients need not parse strings inside JSON.
    public HistoryItem ToItem() => new()
    {
        Id = Id, At = At, ClientName = ClientName, Subject = Subject, Issuer = Issuer, Entity = Entity, EntityId = EntityId, Action = Action,
        PlanId = PlanId, RiskId = RiskId, Before = Parse(BeforeJson), After = Parse(AfterJson),
    };

    protected static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json)!.AsObject();

    /// <summary>
    /// The rows of a history query (its columns in this class's order), read by ordinal: Dapper's mapping read each
    /// value boxed, after asking its type, and was most of a history page's own cost (bench/README, "Profiles"). The pages
    /// now read through <see cref="Utf8HistoryRows"/> on both databases; the tests compare its bytes with these rows'.
    /// </summary>
    internal static async Task<List<HistoryRow>> ReadAsync(IDbConnection connection, string sql, long id, long? cursor, long asked, CancellationToken ct)
    {
        // The command is disposed after its reader (using, in this order): on SQLite a command never disposed keeps its
        // prepared statement from the connection until the finalizer frees it, on the finalizer's thread, while another
        // thread uses the connection (seen as a crash in SQLite under load). Not through Dapper: read by hand (Rows).
        using var command = Rows.Command(connection, null, sql, "id", id).With("cursor", cursor).With("asked", asked);
        using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadAsync(reader, ct);
    }

    private static async Task<List<HistoryRow>> ReadAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
    {
        var rows = new List<HistoryRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(new HistoryRow
            {
                Id = reader.GetInt64(0), At = reader.GetString(1), ClientName = reader.GetString(2),
                Subject = reader.StringOrNull(3), Issuer = reader.StringOrNull(4),
                Entity = reader.GetString(5), EntityId = reader.GetInt64(6), Action = reader.GetString(7),
                PlanId = reader.Int64OrNull(8), RiskId = reader.Int64OrNull(9), BeforeJson = reader.StringOrNull(10), AfterJson = reader.StringOrNull(11),
            });
        return rows;
    }

    /// <summary>
    /// Writes <see cref="ToItem"/> as the API's serializer does (the same bytes: a test compares them), with the stored
    /// before and after copied token by token as a parsed <see cref="JsonObject"/> writes them, without building one.
    /// </summary>
    internal void WriteItem(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber(Names.Id, Id);
        json.WriteString(Names.At, At);
        json.WriteString(Names.ClientName, ClientName);
        WriteStringOrNull(json, Names.Subject, Subject);
        WriteStringOrNull(json, Names.Issuer, Issuer);
        json.WriteString(Names.Entity, Entity);
        json.WriteNumber(Names.EntityId, EntityId);
        json.WriteString(Names.Action, Action);
        WriteNumberOrNull(json, Names.PlanId, PlanId);
        WriteNumberOrNull(json, Names.RiskId, RiskId);
        json.WritePropertyName(Names.Before);
        CopyObject(json, BeforeJson);
        json.WritePropertyName(Names.After);
        CopyObject(json, AfterJson);
        json.WriteEndObject();
    }

    /// <summary>An item's member names as the serializer writes them (camel case), encoded once.</summary>
    internal static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id"), At = JsonEncodedText.Encode("at"),
            ClientName = JsonEncodedText.Encode("clientName"), Subject = JsonEncodedText.Encode("subject"), Issuer = JsonEncodedText.Encode("issuer"),
            Entity = JsonEncodedText.Encode("entity"), EntityId = JsonEncodedText.Encode("entityId"), Action = JsonEncodedText.Encode("action"),
            PlanId = JsonEncodedText.Encode("planId"), RiskId = JsonEncodedText.Encode("riskId"), Before = JsonEncodedText.Encode("before"),
            After = JsonEncodedText.Encode("after");
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    internal static void WriteNumberOrNull(Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    /// <summary>A stored JSON object (or null) as <see cref="JsonElement.WriteTo"/> writes it: names and strings unescaped and written again, numbers as they are.</summary>
    private static void CopyObject(Utf8JsonWriter json, string? text)
    {
        if (text is null)
        {
            json.WriteNullValue();
            return;
        }
        var utf8 = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            CopyObject(json, utf8.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(text, utf8)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>A stored JSON object, in UTF-8, as <see cref="CopyObject(Utf8JsonWriter, string?)"/> writes it.</summary>
    internal static void CopyObject(Utf8JsonWriter json, ReadOnlySpan<byte> utf8)
    {
        byte[]? unescaped = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A history entry's values are not a JSON object.");
            json.WriteStartObject();
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0))
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: json.WriteStartObject(); break;
                    case JsonTokenType.EndObject: json.WriteEndObject(); break;
                    case JsonTokenType.StartArray: json.WriteStartArray(); break;
                    case JsonTokenType.EndArray: json.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: json.WritePropertyName(Unescaped(ref reader, ref unescaped)); break;
                    case JsonTokenType.String: json.WriteStringValue(Unescaped(ref reader, ref unescaped)); break;
                    case JsonTokenType.Number: json.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: json.WriteBooleanValue(true); break;
                    case JsonTokenType.False: json.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: json.WriteNullValue(); break;
                    default: throw new JsonException($"Unexpected {reader.TokenType} in a history entry's values.");
                }
            json.WriteEndObject();
            // Anything after the object but white space is refused by the reader, as by a parse.
            reader.Read();
        }
        finally
        {
            if (unescaped is not null) System.Buffers.ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ref byte[]? buffer)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        if (buffer is null || buffer.Length < reader.ValueSpan.Length)
        {
            if (buffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        }
        return buffer.AsSpan(0, reader.CopyString(buffer));
    }
}
