using System.Globalization;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>A webhook subscription (never its secret, which is shown once, when created).</summary>
public class WebhookView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>Where deliveries are POSTed.</summary>
    public string Url { get; init; } = "";
    /// <summary>The event types delivered; null for all.</summary>
    [OneOf(typeof(Events.EventTypes), nameof(Events.EventTypes.All), Name = "EventType")] public IReadOnlyList<string>? Types { get; init; }
    /// <summary>The units whose events are delivered; null for all.</summary>
    public IReadOnlyList<long>? UnitIds { get; init; }
    /// <summary>What the subscription is for.</summary>
    public string? Description { get; init; }
    /// <summary>When it was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>
    /// How many events one POST carries at most: 1, one event a POST (the Standard Webhooks form); more, a batch
    /// <c>{"events": [...]}</c> of the events already waiting, in cursor order.
    /// </summary>
    public int MaxEventsPerDelivery { get; init; } = 1;

    internal const string Columns = "id AS Id, url AS Url, types AS TypesText, unit_ids AS UnitIdsText, description AS Description, created_at AS CreatedAt, "
        + "max_events_per_delivery AS MaxEventsPerDelivery";

    internal sealed class Row
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public string? TypesText { get; init; }
        public string? UnitIdsText { get; init; }
        public string? Description { get; init; }
        public string CreatedAt { get; init; } = "";
        public long MaxEventsPerDelivery { get; init; }

        public WebhookView ToView() => new()
        {
            Id = Id, Url = Url, Description = Description, CreatedAt = CreatedAt, MaxEventsPerDelivery = (int)MaxEventsPerDelivery,
            Types = TypesText?.Split(','), UnitIds = UnitIdsText?.Split(',').Select(u => long.Parse(u, CultureInfo.InvariantCulture)).ToList(),
        };
    }

    internal static async Task<WebhookView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long id, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks WHERE id = @id AND deleted_at IS NULL", new { id }, transaction, cancellationToken: ct)))?.ToView();
}

/// <summary>A new webhook, with its signing secret: shown this once.</summary>
public sealed class CreatedWebhook : WebhookView
{
    /// <summary><c>whsec_</c> and the base64 of 32 random bytes; verify each delivery's <c>webhook-signature</c> with it. Shown only now.</summary>
    public required string Secret { get; init; }
}
