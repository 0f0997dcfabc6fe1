using System.Globalization;
using System.Text.Json.Nodes;
using RiskRegister.Api.Features.Events.List;

namespace RiskRegister.Api.Features.Events;

/// <summary>Events as the history holds them: the feed and the webhook dispatcher read them the same way.</summary>
public static class EventReader
{
    /// <summary>The unit an entry concerns: its plan's förvaltning, or the unit it created.</summary>
    public const string UnitOf = "COALESCE(p.unit_id, CASE WHEN h.entity = 'unit' THEN h.entity_id END)";

    /// <summary>The entries the feed carries: not those about API clients and webhooks (keys and secrets are admin matters).</summary>
    public const string IsEvent = "h.entity NOT IN ('client', 'webhook')";

    public const string Select = $"""
        SELECT h.id AS Id, h.at AS At, h.client_name AS ClientName, h.entity AS Entity, h.entity_id AS EntityId, h.action AS Action,
               h.plan_id AS PlanId, h.risk_id AS RiskId, h.after_json AS AfterJson, h.before_json AS BeforeJson, {UnitOf} AS UnitId
        FROM history h LEFT JOIN plans p ON p.id = h.plan_id
        """;

    internal sealed class Row
    {
        public long Id { get; init; }
        public string At { get; init; } = "";
        public string ClientName { get; init; } = "";
        public string Entity { get; init; } = "";
        public long EntityId { get; init; }
        public string Action { get; init; } = "";
        public long? PlanId { get; init; }
        public long? RiskId { get; init; }
        public string? AfterJson { get; init; }
        public string? BeforeJson { get; init; }
        public long? UnitId { get; init; }

        public Event? ToEvent() => EventTypes.Of(Entity, Action) is not { } type ? null : new Event
        {
            Id = "evt_" + Id.ToString(CultureInfo.InvariantCulture), Cursor = Id, Type = type, OccurredAt = At,
            UnitId = UnitId, PlanId = PlanId, RiskId = RiskId ?? (Entity == "risk" ? EntityId : null),
            Actor = Entity == "followUp" ? null : ClientName,   // reminders are nobody's doing
            // A deletion has no after: what was deleted stands in its place.
            Data = (AfterJson ?? BeforeJson) is { } json ? JsonNode.Parse(json)!.AsObject() : null,
        };
    }
}
