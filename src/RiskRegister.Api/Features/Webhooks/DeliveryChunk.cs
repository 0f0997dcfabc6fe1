using System.Globalization;
using System.Text;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>
/// A row of the outbox (<c>webhook_delivery_chunks</c>, migration 0018): a run of one webhook's events, in cursor order,
/// whose deliveries are in the same state — the chunk's status, attempts, last answer and next attempt are each of its
/// events'. A round queues one per webhook; delivering splits one where its events' outcomes differ.
/// </summary>
internal sealed class DeliveryChunk
{
    public long FirstEventId { get; init; }
    public long LastEventId { get; init; }
    /// <summary>The events' ids, ascending, comma-separated.</summary>
    public string EventIds { get; init; } = "";
    public string Status { get; init; } = "pending";
    public long Attempts { get; init; }
    public long? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public string? NextAttemptAt { get; init; }
    public string? DeliveredAt { get; init; }

    private long[]? _ids;

    /// <summary>The chunk's events, ascending.</summary>
    public long[] Ids => _ids ??= Parse(EventIds);

    /// <summary>The ids of <see cref="EventIds"/>.</summary>
    public static long[] Parse(string text)
    {
        var span = text.AsSpan();
        var ids = new long[span.Count(',') + 1];
        var i = 0;
        foreach (var range in span.Split(','))
            ids[i++] = long.Parse(span[range], NumberStyles.None, CultureInfo.InvariantCulture);
        return ids;
    }

    /// <summary>Ids as <see cref="EventIds"/> keeps them.</summary>
    public static string Text(IReadOnlyList<long> ids)
    {
        var text = new StringBuilder(ids.Count * 8);
        for (var i = 0; i < ids.Count; i++)
            (i == 0 ? text : text.Append(',')).Append(ids[i].ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The columns, aliased for this class.</summary>
    public const string Columns = """
        first_event_id AS FirstEventId, last_event_id AS LastEventId, event_ids AS EventIds, status AS Status, attempts AS Attempts,
        last_status_code AS LastStatusCode, last_error AS LastError, next_attempt_at AS NextAttemptAt, delivered_at AS DeliveredAt
        """;
}
