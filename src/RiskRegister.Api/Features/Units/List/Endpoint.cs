namespace RiskRegister.Api.Features.Units.List;

public sealed class Request : PageQuery
{
    /// <summary>Only units of this kind.</summary>
    [QueryParam] public UnitKind? Kind { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Response
{
    /// <summary>This page of the units, by name.</summary>
    public List<UnitView> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "List units";
            s.Description = "Every unit, optionally of one kind, by name, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Units are few (a region has tens, the whole country a few thousand): read them, then cut the page.
        var units = (await connection.QueryAsync<UnitView>(new CommandDefinition($"""
            SELECT {UnitView.Columns} FROM units WHERE @kind IS NULL OR kind = @kind ORDER BY name, id
            """, new { kind = req.Kind?.ToApi() }, cancellationToken: ct))).ToList();
        var (items, next) = Paging.Slice(units, req);
        await Send.OkAsync(new Response { Items = items, NextCursor = next }, ct);
    }
}
