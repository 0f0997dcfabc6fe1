using System.Text.Json;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A page of a list written to the client as it is read, a few rows at a time, instead of built whole and then
/// serialized (issue 22, OWASP API4): a page of 500 history entries or events, each with its long texts, is megabytes
/// of objects, and 100 such requests at once took the service past 3 GB. Each read of <see cref="RowsPerRead"/> rows
/// runs in a turn (as many at once as cores, shared by every streamed page) on a connection of its own, and its rows
/// are serialized before the turn ends; only then does the request wait for its client to take the bytes. So a storm
/// holds a few reads' rows and, per request, one read's bytes (and no database connection while it waits on a slow
/// client). The bytes are those of the page built whole: the same <c>{"items":[…],…}</c> by the same serializer options.
/// </summary>
/// <param name="response">The answer the page is written to.</param>
/// <param name="whole">The page is read in one query (<see cref="RowsPerReadFor"/>): its bytes leave with the answer's end,
/// not flushed after the read, so the whole answer goes out in one write.</param>
public sealed class StreamedPage(HttpResponse response, bool whole = false)
{
    /// <summary>
    /// Rows read, expanded and written per query; a page is several of these, each a keyset step on from the last. Four,
    /// not eight: a storm of 100 history pages of 500 peaked at 270–277 MB instead of 397–403 (events 226 against 317)
    /// with the same throughput (bench/README.md, "Storms of large reads").
    /// </summary>
    public const int RowsPerRead = 4;

    /// <summary>Pages of at most this many rows are read in one query: their bytes are no more than a page built whole.</summary>
    public const int WholeUpTo = 50;

    /// <summary>
    /// Rows per read for a page of <paramref name="take"/> rows: a small page (the usual 50 or fewer) in one read, since
    /// each read is a turn, a connection and a query (seven of them made a 50-entry history page cost 2–3 times its
    /// server CPU, bench/README); a large one <see cref="RowsPerRead"/> at a time, which is what bounds a storm.
    /// </summary>
    public static int RowsPerReadFor(int take) => take <= WholeUpTo ? take : RowsPerRead;

    // Reading, expanding and serializing is CPU work: more at once than cores adds memory, not throughput.
    private static readonly SemaphoreSlim Turns = new(Math.Max(2, Environment.ProcessorCount));

    /// <summary>Takes every turn until disposed: for the tests, which show that a page waits for its turns mid-way.</summary>
    internal static async Task<IDisposable> HoldTurnsAsync()
    {
        var width = Math.Max(2, Environment.ProcessorCount);
        for (var i = 0; i < width; i++) await Turns.WaitAsync();
        return new Held(width);
    }

    private sealed class Held(int turns) : IDisposable
    {
        public void Dispose() => Turns.Release(turns);
    }

    private Utf8JsonWriter? writer;

    /// <summary>
    /// Runs <paramref name="read"/> (a query, and <see cref="WriteItem{T}"/> for each row) in its turn on a connection of
    /// its own, then hands what it wrote to the client, waiting as long as the client takes to read it.
    /// </summary>
    public async Task<T> ReadAsync<T>(Db db, Func<IDbConnection, Task<T>> read, CancellationToken ct)
    {
        T result;
        await Turns.WaitAsync(ct);
        try
        {
            await using var connection = await db.OpenAsync(ct);
            result = await read(connection);
        }
        finally { Turns.Release(); }
        if (writer is not null && !whole)
        {
            writer.Flush();
            await response.BodyWriter.FlushAsync(ct);
        }
        return result;
    }

    /// <summary>
    /// As <see cref="ReadAsync{T}"/>, for a database across a socket (PostgreSQL): the query is sent and its answer awaited
    /// (<paramref name="send"/>) before the turn, and only reading its rows and writing them (<paramref name="read"/>) is
    /// done in it. A turn held through the round trip left the cores idle while every other page queued behind two
    /// queries in flight. What waits for a turn holds a connection and the answer's first bytes in its buffer, not rows.
    /// </summary>
    public async Task<T> ReadAsync<TSent, T>(Db db, Func<IDbConnection, Task<TSent>> send, Func<IDbConnection, TSent, Task<T>> read, CancellationToken ct)
        where TSent : IAsyncDisposable
    {
        T result;
        await using (var connection = await db.OpenAsync(ct))
        {
            await using var sent = await send(connection);
            await Turns.WaitAsync(ct);
            try { result = await read(connection, sent); }
            finally { Turns.Release(); }
        }
        if (writer is not null && !whole)
        {
            writer.Flush();
            await response.BodyWriter.FlushAsync(ct);
        }
        return result;
    }

    /// <summary>Writes one item of <c>items</c> (the answer's head first); the bytes leave at the end of the read.</summary>
    public void WriteItem<T>(T item) => JsonSerializer.Serialize(Start(), item, ApiJson.Options);

    /// <summary>The writer for an item of <c>items</c> that writes itself (the answer's head first); its bytes leave at the end of the read.</summary>
    public Utf8JsonWriter ItemWriter => Start();

    /// <summary>Ends <c>items</c>, writes the members after it (the cursor), and ends the answer.</summary>
    public Task EndAsync(Action<Utf8JsonWriter> after, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var json = Start();
        json.WriteEndArray();
        after(json);
        json.WriteEndObject();
        // Written to the response's pipe, not flushed: the server sends what is left with the end of the chunked answer
        // in one write, where a flush here sent it alone and the terminating chunk in a write of its own.
        json.Flush();
        return Task.CompletedTask;
    }

    private Utf8JsonWriter Start()
    {
        if (writer is not null) return writer;
        // As FastEndpoints' own JSON answers are sent (Send.OkAsync).
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        // The answer is this endpoint's even before its first flush (a whole page has none): FastEndpoints sends nothing of its own.
        response.HttpContext.MarkResponseStart();
        writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WritePropertyName("items");
        writer.WriteStartArray();
        return writer;
    }
}

/// <summary>
/// A JSON answer written as FastEndpoints' <c>Send.OkAsync</c> writes it (status, content type, the API's serializer
/// options: the same bytes), but left in the response's pipe instead of flushed: the server then sends it with the end of
/// the chunked answer in one write. After a flush the terminating chunk often went in a write of its own: a second
/// system call and packet for a small answer such as a risk.
/// </summary>
public static class JsonAnswer
{
    public static void Ok<T>(HttpContext context, T value)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        context.MarkResponseStart();
        using var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });
        JsonSerializer.Serialize(json, value, ApiJson.Options);
    }

    /// <summary>
    /// The same answer, its JSON written by <paramref name="write"/> (the serializer's bytes, written by hand). The writer
    /// does not check the structure as it goes: each hand writer is compared with the serializer's bytes by its tests.
    /// </summary>
    public static void Ok<T>(HttpContext context, T value, Action<Utf8JsonWriter, T> write)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        context.MarkResponseStart();
        using var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder, SkipValidation = true });
        write(json, value);
    }
}
