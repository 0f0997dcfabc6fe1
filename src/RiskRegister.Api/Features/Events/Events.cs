using System.Text.Json.Nodes;

namespace RiskRegister.Api.Features.Events;

// Everything about events in one place: their types, the history entries each stands for, and their shape. Adding an
// event type is a line in EventTypes.All (and the README's list); what its data keeps when its risk is marked secret
// follows from the domain records' [ShownWhenRedacted] (EventRedaction).

/// <summary>
/// The feed's event types, and the history entries each stands for: the feed is the history (one source of truth,
/// written in the same transaction as the change), less what concerns API clients and keys.
/// </summary>
public static class EventTypes
{
    /// <summary>Event type → the history entity and the actions it covers (a follow-up recorded again is recorded).</summary>
    public static readonly IReadOnlyDictionary<string, (string Entity, string[] Actions)> All = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
    {
        ["unit.created"] = ("unit", ["created"]),
        ["unit.changed"] = ("unit", ["changed"]),
        ["plan.created"] = ("plan", ["created"]),
        ["plan.adopted"] = ("plan", ["adopted"]),
        ["plan.closed"] = ("plan", ["closed"]),
        ["plan.copied"] = ("plan", ["copied"]),
        ["plan.changed"] = ("plan", ["changed"]),
        ["plan.deleted"] = ("plan", ["deleted"]),
        ["plan.revisionOpened"] = ("plan", ["revisionOpened"]),
        ["plan.revised"] = ("plan", ["revised"]),
        ["plan.revisionDiscarded"] = ("plan", ["revisionDiscarded"]),
        ["risk.created"] = ("risk", ["created"]),
        ["risk.changed"] = ("risk", ["changed"]),
        ["risk.deleted"] = ("risk", ["deleted"]),
        ["risk.secrecyChanged"] = ("risk", ["secrecyChanged"]),
        ["activity.created"] = ("activity", ["created"]),
        ["activity.changed"] = ("activity", ["changed"]),
        ["activity.deleted"] = ("activity", ["deleted"]),
        ["control.created"] = ("control", ["created"]),
        ["control.changed"] = ("control", ["changed"]),
        ["control.deleted"] = ("control", ["deleted"]),
        ["goal.created"] = ("goal", ["created"]),
        ["goal.changed"] = ("goal", ["changed"]),
        ["goal.deleted"] = ("goal", ["deleted"]),
        ["control.secrecyChanged"] = ("control", ["secrecyChanged"]),
        ["controlResult.recorded"] = ("controlResult", ["recorded", "changed"]),
        ["followUp1.recorded"] = ("followUp1", ["recorded", "changed"]),
        ["followUp2.recorded"] = ("followUp2", ["recorded", "changed"]),
        ["followUp.dueSoon"] = ("followUp", ["dueSoon"]),
        ["followUp.overdue"] = ("followUp", ["overdue"]),
        ["followUp.reported"] = ("followUp", ["reported"]),
    };

    // (entity, action) → type, read off All: the one list says both ways.
    private static readonly Dictionary<(string Entity, string Action), string> ByEntry =
        All.SelectMany(t => t.Value.Actions.Select(a => (Key: (t.Value.Entity, a), Type: t.Key))).ToDictionary(e => e.Key, e => e.Type);

    /// <summary>The event type of a history entry; null for one the feed does not carry (clients, webhooks).</summary>
    public static string? Of(string entity, string action) => ByEntry.GetValueOrDefault((entity, action));

    /// <summary>
    /// The history entries the feed carries, as SQL on <c>history h</c>: those of the entities some event type stands for
    /// (not API clients and webhooks: keys and secrets are admin matters).
    /// </summary>
    public static readonly string IsEvent =
        "h.entity IN (" + string.Join(", ", All.Values.Select(t => t.Entity).Distinct().Select(e => $"'{e}'")) + ")";
}

/// <summary>One change, as region systems follow them.</summary>
public sealed class Event
{
    /// <summary>Stable and unique for ever (<c>evt_</c> and the cursor): the receiver's key for doing a thing once.</summary>
    public required string Id { get; init; }
    /// <summary>The event's place in the feed: it only grows. Pass the last one as <c>after</c>.</summary>
    public long Cursor { get; init; }
    /// <summary><c>risk.changed</c>, <c>plan.adopted</c>, …</summary>
    [OneOf(typeof(EventTypes), nameof(EventTypes.All), Name = "EventType")] public required string Type { get; init; }
    /// <summary>When the change was committed (UTC).</summary>
    [Timestamp] public required string OccurredAt { get; init; }
    /// <summary>The unit the change concerns: the plan's förvaltning, or the unit created.</summary>
    public long? UnitId { get; init; }
    /// <summary>The plan the change concerns.</summary>
    public long? PlanId { get; init; }
    /// <summary>The risk the change concerns.</summary>
    public long? RiskId { get; init; }
    /// <summary>The API client that made the change; null for reminders.</summary>
    public string? Actor { get; init; }
    /// <summary>
    /// What the history records of the change: for a creation the resource as created; for a change the fields that
    /// changed, as they are now, with the ids needed to read the resource; for a deletion what was deleted.
    /// </summary>
    public JsonObject? Data { get; init; }
}
