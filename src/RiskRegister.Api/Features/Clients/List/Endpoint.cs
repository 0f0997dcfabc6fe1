namespace RiskRegister.Api.Features.Clients.List;

public sealed class Request : PageQuery
{
    /// <summary>Also list revoked clients (default: only those whose keys work).</summary>
    [QueryParam] public bool? IncludeRevoked { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Response
{
    /// <summary>This page of the clients, by id. Keys are never listed.</summary>
    public List<ClientView> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/clients");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "List API clients (without keys)";
            s.Description = "The API clients (revoked ones too with `includeRevoked=true`), without keys, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // A region has tens of clients: read them, then cut the page.
        var clients = await ClientView.LoadAsync(connection, null, "@all = 1 OR c.revoked_at IS NULL",
            new { all = req.IncludeRevoked == true ? 1 : 0 }, ct);
        var (items, next) = Paging.Slice(clients, req);
        await Send.OkAsync(new Response { Items = items, NextCursor = next }, ct);
    }
}
