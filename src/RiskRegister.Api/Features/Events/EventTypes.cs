namespace RiskRegister.Api.Features.Events;

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
        ["plan.created"] = ("plan", ["created"]),
        ["plan.adopted"] = ("plan", ["adopted"]),
        ["plan.closed"] = ("plan", ["closed"]),
        ["plan.copied"] = ("plan", ["copied"]),
        ["risk.created"] = ("risk", ["created"]),
        ["risk.changed"] = ("risk", ["changed"]),
        ["risk.deleted"] = ("risk", ["deleted"]),
        ["risk.secrecyChanged"] = ("risk", ["secrecyChanged"]),
        ["activity.created"] = ("activity", ["created"]),
        ["activity.changed"] = ("activity", ["changed"]),
        ["activity.deleted"] = ("activity", ["deleted"]),
        ["followUp1.recorded"] = ("followUp1", ["recorded", "changed"]),
        ["followUp2.recorded"] = ("followUp2", ["recorded", "changed"]),
        ["followUp.dueSoon"] = ("followUp", ["dueSoon"]),
        ["followUp.overdue"] = ("followUp", ["overdue"]),
    };

    /// <summary>The event type of a history entry; null for one the feed does not carry (clients).</summary>
    public static string? Of(string entity, string action) => entity switch
    {
        "followUp1" or "followUp2" => $"{entity}.recorded",
        "client" or "webhook" => null,
        _ => All.ContainsKey($"{entity}.{action}") ? $"{entity}.{action}" : null,
    };
}
