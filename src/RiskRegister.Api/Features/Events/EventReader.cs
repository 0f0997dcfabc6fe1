using System.Globalization;
using System.Text.Json.Nodes;

namespace RiskRegister.Api.Features.Events;

/// <summary>Events as the history holds them: the feed and the webhook dispatcher read them the same way.</summary>
public static class EventReader
{
    /// <summary>
    /// The unit an entry concerns: its plan's förvaltning, the unit it created, or a goal's unit — read from the goal while
    /// it is there, else from the entry itself (a deletion holds the goal as it was, a creation the goal as made), else from
    /// the goal's deletion (a change holds only what changed), so a deleted goal's events keep their unit as the others do
    /// (feed readers and webhooks filter by it). A goal's unit never changes.
    /// </summary>
    public static string UnitOf(Db db) =>
        "COALESCE(p.unit_id, CASE WHEN h.entity = 'unit' THEN h.entity_id WHEN h.entity = 'goal' THEN COALESCE("
        + "(SELECT gu.unit_id FROM goals gu WHERE gu.id = h.entity_id), "
        + $"{SqlDialect.JsonInteger(db, "h.before_json", "unitId")}, {SqlDialect.JsonInteger(db, "h.after_json", "unitId")}, "
        + $"(SELECT {SqlDialect.JsonInteger(db, "gd.before_json", "unitId")} FROM history gd "
        + "WHERE gd.plan_id IS NULL AND gd.entity = 'goal' AND gd.entity_id = h.entity_id AND gd.action = 'deleted')) END)";

    /// <summary>The risk an entry concerns (a risk's own entries may carry it as their entity only).</summary>
    private const string RiskOf = "COALESCE(h.risk_id, CASE WHEN h.entity = 'risk' THEN h.entity_id END)";

    /// <summary>
    /// A control's entries (its own and its results') concern a control marked secret of its own (one standing alone has
    /// no risk to be marked with): marked now, or when it was deleted.
    /// </summary>
    private const string ControlIsSecret = """
        h.entity IN ('control', 'controlResult')
        AND (EXISTS (SELECT 1 FROM controls sc WHERE sc.id = h.entity_id AND sc.secrecy_ground IS NOT NULL)
             OR EXISTS (SELECT 1 FROM history cd WHERE cd.plan_id = h.plan_id AND cd.entity = 'control' AND cd.entity_id = h.entity_id
                        AND cd.action = 'deleted' AND cd.before_json LIKE '%"secrecy":{%'))
        """;

    /// <summary>
    /// Whether the entry concerns a risk marked secret now: one that is marked, or one that was marked when it was
    /// deleted (its deletion entry holds it as it was). Decided when read, so a risk marked later has its earlier
    /// entries redacted too.
    /// </summary>
    private const string IsSecret = $$"""
        CASE WHEN EXISTS (SELECT 1 FROM risks sr WHERE sr.id = {{RiskOf}} AND sr.secrecy_ground IS NOT NULL)
               OR EXISTS (SELECT 1 FROM history sd WHERE sd.risk_id = {{RiskOf}} AND sd.entity = 'risk' AND sd.action = 'deleted'
                          AND sd.before_json LIKE '%"secrecy":{%')
               OR ({{ControlIsSecret}})
             THEN 1 ELSE 0 END
        """;

    /// <summary>An event's id as receivers and readers see it: its history entry's, prefixed.</summary>
    public static string EventId(long historyId) => "evt_" + historyId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The entries as a reader of <paramref name="disclosure"/> gets them: only a redacting one needs to know which are secret.</summary>
    public static string Select(Disclosure disclosure, Db db) => $"""
        SELECT h.id AS Id, h.at AS At, h.client_name AS ClientName, h.entity AS Entity, h.entity_id AS EntityId, h.action AS Action,
               h.plan_id AS PlanId, h.risk_id AS RiskId, h.after_json AS AfterJson, h.before_json AS BeforeJson, {UnitOf(db)} AS UnitId,
               {(disclosure == Disclosure.Redacted ? IsSecret : "0")} AS Secret
        FROM history h LEFT JOIN plans p ON p.id = h.plan_id
        """;

    /// <summary>
    /// Of an entry (<c>history h LEFT JOIN plans p</c>), only when it occurred, its unit and whether it is secret, decided as
    /// <see cref="Select"/> decides them for a redacting reader: the webhook dispatcher reads these first and the entry
    /// itself only for a body it has not kept for the same unit and secrecy.
    /// </summary>
    public static string Disclosed(Db db) => $"h.at AS At, {UnitOf(db)} AS UnitId, {IsSecret} AS Secret";

    /// <summary>A history row with the unit it concerns and whether its risk is secret.</summary>
    internal sealed class Row : History.HistoryRow
    {
        public long? UnitId { get; init; }
        public long Secret { get; init; }

        /// <summary>The entry as an event for a reader of <paramref name="disclosure"/>: a marked risk's texts left out of its data.</summary>
        public Event? ToEvent(Disclosure disclosure) => EventTypes.Of(Entity, Action) is not { } type ? null : new Event
        {
            Id = EventId(Id), Cursor = Id, Type = type, OccurredAt = At,
            UnitId = UnitId, PlanId = PlanId, RiskId = RiskId ?? (Entity == "risk" ? EntityId : null),
            // Reminders are nobody's doing; who changed a marked risk is the marking's business (api.md: markedBy).
            Actor = Entity == "followUp" || (disclosure == Disclosure.Redacted && Secret != 0) ? null : ClientName,
            // A deletion has no after: what was deleted stands in its place.
            Data = Parse(AfterJson ?? BeforeJson) is { } data ? Disclose(data, disclosure) : null,
        };

        private JsonObject Disclose(JsonObject data, Disclosure disclosure) => disclosure == Disclosure.Full ? data
            : Secret != 0 ? EventRedaction.Redact(data, Entity is "control" or "controlResult" ? ControlRules.RedactedTitle : SecrecyRules.RedactedTitle)
            // Unmarked since: its texts are open again, but a marking's note and author never leave (the entries of its
            // marking hold them). Only data with a marking has them: other data is left parsed as it is, not built into
            // members to look (it is written out from its parse).
            : (AfterJson ?? BeforeJson)!.Contains("\"secrecy\"", StringComparison.Ordinal) ? EventRedaction.WithoutMarkingDetails(data) : data;
    }
}
