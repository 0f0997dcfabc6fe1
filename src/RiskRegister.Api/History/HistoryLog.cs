using System.Text.Json;
using System.Text.Json.Nodes;

namespace RiskRegister.Api.History;

/// <summary>One write, as history keeps it: who, what, and the values before and after.</summary>
public sealed record HistoryEntry
{
    public long? ClientId { get; init; }
    public required string ClientName { get; init; }
    /// <summary>The person's (or token client's) subject at <see cref="Issuer"/>, when a bearer token made the write.</summary>
    public string? Subject { get; init; }
    public string? Issuer { get; init; }
    /// <summary><c>unit</c>, <c>plan</c>, <c>risk</c>, <c>activity</c>, <c>followUp1</c>, <c>followUp2</c>, <c>client</c>.</summary>
    public required string Entity { get; init; }
    public required long EntityId { get; init; }
    /// <summary><c>created</c>, <c>changed</c>, <c>deleted</c>, <c>adopted</c>, <c>closed</c>, <c>copied</c>, <c>recorded</c>, <c>revoked</c>.</summary>
    public required string Action { get; init; }
    public long? PlanId { get; init; }
    public long? RiskId { get; init; }
    public object? Before { get; init; }
    public object? After { get; init; }
}

/// <summary>
/// Writes history rows, inside the transaction of the write they record: the write scope's commit calls it
/// (<see cref="WriteScope.CommitAsync(HistoryEntry, CancellationToken)"/>), so no change commits without its row.
/// </summary>
public static class HistoryLog
{
    internal static readonly JsonSerializerOptions Json = ApiJson.Options;

    /// <summary>
    /// Writes the entry's row. <paramref name="first"/>, when given, is a statement sent ahead of the insert in the same
    /// command (the history lock on PostgreSQL, see <see cref="WriteScope"/>): taken just before the row's id is.
    /// </summary>
    public static async Task RecordAsync(IDbConnection connection, IDbTransaction transaction, HistoryEntry entry, CancellationToken ct, string? first = null)
    {
        // Long texts are kept once, in history_texts, and referred to (HistoryTexts).
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var before = HistoryTexts.Compact(entry.Before, Json, texts);
        var after = HistoryTexts.Compact(entry.After, Json, texts);
        await HistoryTexts.StoreAsync(connection, transaction, texts, ct);
        await connection.ExecuteAsync(new CommandDefinition(first is null ? InsertSql : first + ";\n" + InsertSql,
            new
            {
                at = Clock.Timestamp(),
                clientId = entry.ClientId,
                clientName = entry.ClientName,
                subject = entry.Subject,
                issuer = entry.Issuer,
                entity = entry.Entity,
                entityId = entry.EntityId,
                action = entry.Action,
                planId = entry.PlanId,
                riskId = entry.RiskId,
                before,
                after,
            }, transaction, cancellationToken: ct));
    }

    private const string InsertSql = """
        INSERT INTO history (at, client_id, client_name, subject, issuer, entity, entity_id, action, plan_id, risk_id, before_json, after_json)
        VALUES (@at, @clientId, @clientName, @subject, @issuer, @entity, @entityId, @action, @planId, @riskId, @before, @after)
        """;

    // When a change happened is the history row's own `at`; these say only that something changed.
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "updatedAt", "recordedAt", "version" };

    /// <summary>
    /// What a change changed: the top-level members whose values differ between <paramref name="before"/> and
    /// <paramref name="after"/> (as the API writes them), each side holding only those. Null when nothing changed,
    /// which a write answers by storing nothing and keeping its ETag. A changed member that is itself a list or object
    /// (a risk's activities) is kept whole; each activity and follow-up has history of its own, so a risk's change
    /// never carries them unless they are what changed.
    /// </summary>
    public static (JsonObject Before, JsonObject After)? Changed(object before, object after)
    {
        var old = JsonSerializer.SerializeToNode(before, Json)!.AsObject();
        var now = JsonSerializer.SerializeToNode(after, Json)!.AsObject();
        var (changedBefore, changedAfter) = (new JsonObject(), new JsonObject());
        foreach (var (name, value) in now)
        {
            if (Bookkeeping.Contains(name)) continue;
            var previous = old[name];
            if (JsonNode.DeepEquals(previous, value)) continue;
            changedBefore[name] = previous?.DeepClone();
            changedAfter[name] = value?.DeepClone();
        }
        return changedAfter.Count == 0 ? null : (changedBefore, changedAfter);
    }

    public static HistoryEntry By(this Caller caller, string entity, long entityId, string action) => new()
    {
        ClientId = caller.ClientId == 0 ? null : caller.ClientId,
        ClientName = caller.Name,
        Subject = caller.Subject,
        Issuer = caller.Issuer,
        Entity = entity,
        EntityId = entityId,
        Action = action,
    };
}
