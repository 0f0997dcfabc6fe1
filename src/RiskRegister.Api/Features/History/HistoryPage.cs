using System.Text.Json.Nodes;

namespace RiskRegister.Api.Features.History;

/// <summary>Query of both history endpoints: newest first, a page at a time; the cursor is an entry's id, older ones follow.</summary>
public abstract class HistoryQuery : PageQuery;

/// <summary>One recorded write.</summary>
public sealed class HistoryItem
{
    /// <summary>The entry's id; later entries have larger ids.</summary>
    public long Id { get; init; }
    /// <summary>When the write was made (UTC).</summary>
    [Timestamp] public string At { get; init; } = "";
    /// <summary>Who made it: the API client's name, or the person's (or token client's) name from their bearer token.</summary>
    public string ClientName { get; init; } = "";
    /// <summary>When a bearer token made it: the person's subject (<c>sub</c>) at <see cref="Issuer"/>, which stays when the name changes.</summary>
    public string? Subject { get; init; }
    /// <summary>When a bearer token made it: the token's issuer.</summary>
    public string? Issuer { get; init; }
    /// <summary>What was written: <c>plan</c>, <c>risk</c>, <c>activity</c>, <c>followUp1</c>, <c>followUp2</c>, …</summary>
    public string Entity { get; init; } = "";
    /// <summary>The id of what was written (for a follow-up: its risk's id).</summary>
    public long EntityId { get; init; }
    /// <summary><c>created</c>, <c>changed</c>, <c>deleted</c>, <c>adopted</c>, <c>copied</c>, <c>closed</c>, <c>recorded</c>, …</summary>
    public string Action { get; init; } = "";
    /// <summary>The plan the write concerned.</summary>
    public long? PlanId { get; init; }
    /// <summary>The risk the write concerned, if any (kept after the risk is deleted).</summary>
    public long? RiskId { get; init; }
    /// <summary>The values before the write; null for a creation.</summary>
    public JsonObject? Before { get; init; }
    /// <summary>The values after the write; null for a deletion.</summary>
    public JsonObject? After { get; init; }
}

public sealed class HistoryPage
{
    /// <summary>This page of entries, newest first.</summary>
    public List<HistoryItem> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for older entries; null on the last page.</summary>
    public long? NextCursor { get; init; }

    /// <summary>Reads one page of the entries whose <paramref name="column"/> (<c>plan_id</c> or <c>risk_id</c>) is <paramref name="id"/>.</summary>
    internal static async Task<HistoryPage> LoadAsync(IDbConnection connection, string column, long id, HistoryQuery query, CancellationToken ct)
    {
        var limit = query.Take;
        var rows = (await connection.QueryAsync<HistoryRow>(new CommandDefinition($"""
            SELECT id AS Id, at AS At, client_name AS ClientName, subject AS Subject, issuer AS Issuer, entity AS Entity, entity_id AS EntityId, action AS Action,
                   plan_id AS PlanId, risk_id AS RiskId, before_json AS BeforeJson, after_json AS AfterJson
            FROM history
            WHERE {column} = @id AND (@cursor IS NULL OR id < @cursor)
            ORDER BY id DESC
            LIMIT @take
            """, new { id, cursor = query.Cursor, take = limit + 1 }, cancellationToken: ct))).ToList();
        var hasMore = rows.Count > limit;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, rows, ct);
        return new HistoryPage { Items = rows.Select(r => r.ToItem()).ToList(), NextCursor = hasMore ? rows[^1].Id : null };
    }
}

/// <summary>One row of the history table as Dapper reads it: the history pages and the event feed share it.</summary>
internal class HistoryRow
{
    public long Id { get; init; }
    public string At { get; init; } = "";
    public string ClientName { get; init; } = "";
    public string? Subject { get; init; }
    public string? Issuer { get; init; }
    public string Entity { get; init; } = "";
    public long EntityId { get; init; }
    public string Action { get; init; } = "";
    public long? PlanId { get; init; }
    public long? RiskId { get; init; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }

    // Stored as JSON text; sent as JSON objects so clients need not parse strings inside JSON.
    public HistoryItem ToItem() => new()
    {
        Id = Id, At = At, ClientName = ClientName, Subject = Subject, Issuer = Issuer, Entity = Entity, EntityId = EntityId, Action = Action,
        PlanId = PlanId, RiskId = RiskId, Before = Parse(BeforeJson), After = Parse(AfterJson),
    };

    protected static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json)!.AsObject();
}
