namespace RiskRegister.Api.Features.Webhooks.Deliveries;

public sealed class Request : PageQuery
{
    /// <summary>The webhook's id.</summary>
    public long Id { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

/// <summary>One event's delivery to one webhook.</summary>
public sealed class Delivery
{
    /// <summary>The event delivered (<c>evt_…</c>).</summary>
    public required string EventId { get; init; }
    /// <summary>Its type.</summary>
    [OneOf(typeof(Events.EventTypes), nameof(Events.EventTypes.All), Name = "EventType")] public required string Type { get; init; }
    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (every retry used).</summary>
    public required string Status { get; init; }
    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; }
    /// <summary>The receiver's last HTTP status, if it answered.</summary>
    public int? LastStatusCode { get; init; }
    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; init; }
    /// <summary>When the next attempt is due (UTC), while pending.</summary>
    [Timestamp] public string? NextAttemptAt { get; init; }
    /// <summary>When it was delivered (UTC).</summary>
    [Timestamp] public string? DeliveredAt { get; init; }
}

public sealed class Response
{
    /// <summary>Deliveries, newest event first.</summary>
    public List<Delivery> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for older ones; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/webhooks/{id}/deliveries");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "A webhook's deliveries: what was delivered, what waits for a retry, what failed";
            s.Description = "Each event queued for the webhook, newest first, with its status, attempts, the receiver's last status or error, and the next attempt.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await WebhookView.LoadAsync(connection, null, req.Id, ct) is null) ThrowError(r => r.Id, $"No webhook {req.Id}.", 404);
        var take = req.Take;
        var cursor = req.Cursor ?? long.MaxValue;
        // The outbox keeps chunks of events (DeliveryChunk): read newest first, a few at a time, each expanded into its
        // events, every one with its chunk's state. An event whose history entry is gone is not listed, as before.
        var items = new List<(long EventId, string Type, DeliveryChunk Chunk)>(take + 1);
        var events = new List<(long EventId, DeliveryChunk Chunk)>();
        var chunksBefore = cursor;
        var more = true;
        while (items.Count <= take && (more || events.Count > 0))
        {
            if (events.Count < take + 1 - items.Count && more)
            {
                var chunks = (await connection.QueryAsync<DeliveryChunk>(new CommandDefinition(ChunksSql,
                    new { id = req.Id, before = chunksBefore }, cancellationToken: ct))).AsList();
                more = chunks.Count == ChunksARead;
                if (chunks.Count > 0) chunksBefore = chunks[^1].FirstEventId;
                foreach (var chunk in chunks)
                    for (var i = chunk.Ids.Length - 1; i >= 0; i--)
                        if (chunk.Ids[i] < cursor) events.Add((chunk.Ids[i], chunk));
                continue;
            }
            var asked = events.Take(take + 1 - items.Count).ToList();
            events.RemoveRange(0, asked.Count);
            var types = (await connection.QueryAsync<(long Id, string Entity, string Action)>(new CommandDefinition(TypesSql,
                new { ids = SqlDialect.Ids(db, asked.Select(e => e.EventId).ToList()) }, cancellationToken: ct))).ToDictionary(r => r.Id);
            foreach (var (eventId, chunk) in asked)
                if (types.TryGetValue(eventId, out var entry))
                    items.Add((eventId, RiskRegister.Api.Features.Events.EventTypes.Of(entry.Entity, entry.Action) ?? entry.Entity + "." + entry.Action, chunk));
        }
        var next = items.Count > take;
        if (next) items.RemoveAt(items.Count - 1);
        await Send.OkAsync(new Response
        {
            Items = items.Select(r => new Delivery
            {
                EventId = RiskRegister.Api.Features.Events.EventReader.EventId(r.EventId), Type = r.Type,
                Status = r.Chunk.Status, Attempts = (int)r.Chunk.Attempts, LastStatusCode = (int?)r.Chunk.LastStatusCode, LastError = r.Chunk.LastError,
                NextAttemptAt = r.Chunk.NextAttemptAt, DeliveredAt = r.Chunk.DeliveredAt,
            }).ToList(),
            NextCursor = next ? items[^1].EventId : null,
        }, ct);
    }

    private const int ChunksARead = 16;

    private static readonly string ChunksSql = $"""
        SELECT {DeliveryChunk.Columns} FROM webhook_delivery_chunks
        WHERE webhook_id = @id AND first_event_id < @before ORDER BY first_event_id DESC LIMIT {ChunksARead}
        """;

    private string TypesSql => _typesSql ??= $"SELECT h.id, h.entity, h.action FROM history h WHERE {SqlDialect.InIds(db, "h.id", "@ids")}";
    private string? _typesSql;
}
