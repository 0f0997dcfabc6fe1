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
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT d.event_id AS EventId, h.entity AS Entity, h.action AS Action, d.status AS Status, d.attempts AS Attempts,
                   d.last_status_code AS LastStatusCode, d.last_error AS LastError, d.next_attempt_at AS NextAttemptAt, d.delivered_at AS DeliveredAt
            FROM webhook_deliveries d JOIN history h ON h.id = d.event_id
            WHERE d.webhook_id = @id AND d.event_id < @cursor
            ORDER BY d.event_id DESC {Paging.Limit("@take")}
            """, new { id = req.Id, cursor = req.Cursor ?? long.MaxValue, take = take + 1 }, cancellationToken: ct))).ToList();
        var more = rows.Count > take;
        if (more) rows.RemoveAt(rows.Count - 1);
        await Send.OkAsync(new Response
        {
            Items = rows.Select(r => new Delivery
            {
                EventId = RiskRegister.Api.Features.Events.EventReader.EventId(r.EventId), Type = RiskRegister.Api.Features.Events.EventTypes.Of(r.Entity, r.Action) ?? r.Entity + "." + r.Action,
                Status = r.Status, Attempts = (int)r.Attempts, LastStatusCode = (int?)r.LastStatusCode, LastError = r.LastError,
                NextAttemptAt = r.NextAttemptAt, DeliveredAt = r.DeliveredAt,
            }).ToList(),
            NextCursor = more ? rows[^1].EventId : null,
        }, ct);
    }

    private sealed class Row
    {
        public long EventId { get; init; }
        public string Entity { get; init; } = "";
        public string Action { get; init; } = "";
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public long? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public string? NextAttemptAt { get; init; }
        public string? DeliveredAt { get; init; }
    }
}
