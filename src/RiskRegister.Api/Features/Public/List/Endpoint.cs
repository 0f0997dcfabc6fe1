using RiskRegister.Api.Features.Plans.List;

namespace RiskRegister.Api.Features.Public.List;

public sealed class Request : PageQuery
{
    /// <summary>Only plans of this unit and of the units below it.</summary>
    [QueryParam] public long? UnitId { get; set; }
    /// <summary>Only plans for this year.</summary>
    [QueryParam] public int? Year { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

/// <summary>The adopted and closed plans anyone may read, without a key.</summary>
[OperationId("ListPublicPlans")]
public sealed class Endpoint(Db db) : Endpoint<Request, Plans.List.Response>
{
    public override void Configure()
    {
        Get("/public/plans");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the adopted and closed plans, without a key (when Public:Enabled)";
            s.Description = "The plans anyone may read under offentlighetsprincipen: adopted and closed, never drafts, a page at a time. Without a key; `404` unless `Public:Enabled`; rate-limited per address (`Public:PermitsPerMinute`).";
        });
        Description(d => d.Ok<Plans.List.Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = req.Take;
        await using var connection = await db.OpenAsync(ct);
        // A unit's plans and those of the units below it (a nämnd's own plan, its förvaltningar's, their departments').
        var byUnit = req.UnitId is null ? "" : $"AND {Units.UnitView.InSubtree("p.unit_id", "@unitId", connection is Npgsql.NpgsqlConnection)}";
        var items = (await connection.QueryAsync<PlanListItem>(new CommandDefinition($"""
            SELECT p.id AS Id, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year, p.title AS Title, p.status AS Status,
                   p.decision_date AS DecisionDate, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id) AS RiskCount
            FROM plans p JOIN units u ON u.id = p.unit_id
            WHERE p.status IN ('adopted', 'revising', 'closed')
              {byUnit}
              AND (@year IS NULL OR p.year = @year)
              AND p.id > @cursor
            ORDER BY p.id
            {Paging.Limit("@take")}
            """, new { unitId = req.UnitId, year = req.Year, cursor = req.Cursor ?? 0, take = limit + 1 }, cancellationToken: ct))).ToList();
        var hasMore = items.Count > limit;
        if (hasMore) items.RemoveAt(items.Count - 1);
        await Send.OkAsync(new Plans.List.Response { Items = items, NextCursor = hasMore ? items[^1].Id : null }, ct);
    }
}
