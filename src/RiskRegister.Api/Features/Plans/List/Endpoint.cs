namespace RiskRegister.Api.Features.Plans.List;

public sealed class Request : PageQuery
{
    /// <summary>Only this förvaltning's plans.</summary>
    [QueryParam] public long? UnitId { get; set; }
    /// <summary>Only plans for this year.</summary>
    [QueryParam] public int? Year { get; set; }
    /// <summary>Only plans in this status.</summary>
    [QueryParam] public PlanStatus? Status { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

/// <summary>One plan in a list: its header, without risks.</summary>
public sealed class PlanListItem
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The förvaltning.</summary>
    public long UnitId { get; init; }
    /// <summary>The förvaltning's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Optional title.</summary>
    public string? Title { get; init; }
    /// <summary>Draft, adopted, revising or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>Date of the adoption decision, once adopted.</summary>
    public DateOnly? DecisionDate { get; init; }
    /// <summary>Number of risks in the plan.</summary>
    public int RiskCount { get; init; }
}

public sealed class Response
{
    /// <summary>This page of plans, by id.</summary>
    public List<PlanListItem> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "List plans, filtered by unit, year and status";
            s.Description = "Plans the caller may see, filtered by förvaltning, year and status, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var limit = req.Take;
        await using var connection = await db.OpenAsync(ct);
        var items = (await connection.QueryAsync<PlanListItem>(new CommandDefinition($"""
            SELECT p.id AS Id, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year, p.title AS Title, p.status AS Status,
                   p.decision_date AS DecisionDate, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id) AS RiskCount
            FROM plans p JOIN units u ON u.id = p.unit_id
            WHERE (@unitId IS NULL OR p.unit_id = @unitId)
              AND (@year IS NULL OR p.year = @year)
              AND (@status IS NULL OR p.status = @status)
              AND (@everyUnit = 1 OR {SqlDialect.InList(connection, "p.unit_id", "@unitIds")})
              AND p.id > @cursor
            ORDER BY p.id
            {Paging.Limit("@take")}
            """, new
            {
                unitId = req.UnitId, year = req.Year, status = req.Status?.ToApi(), cursor = req.Cursor ?? 0, take = limit + 1,
                // Registrators see only their own units' plans.
                everyUnit = caller.Role == Role.Registrator ? 0 : 1, unitIds = caller.UnitIds.ToArray(),
            },
            cancellationToken: ct))).ToList();
        var hasMore = items.Count > limit;
        if (hasMore) items.RemoveAt(items.Count - 1);
        await Send.OkAsync(new Response { Items = items, NextCursor = hasMore ? items[^1].Id : null }, ct);
    }
}
