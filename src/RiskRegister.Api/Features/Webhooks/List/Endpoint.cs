namespace RiskRegister.Api.Features.Webhooks.List;

public sealed class Request : PageQuery
{
    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Response
{
    /// <summary>This page of webhook subscriptions, oldest first.</summary>
    public List<WebhookView> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/webhooks");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "List the webhook subscriptions";
            s.Description = "Every webhook subscription (never their secrets), a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Admins create a handful: read whole, cut into pages by position (as the clients).
        var rows = (await connection.QueryAsync<WebhookView.Row>(new CommandDefinition(
            $"SELECT {WebhookView.Columns} FROM webhooks WHERE deleted_at IS NULL ORDER BY id LIMIT 10000", cancellationToken: ct))).Select(r => r.ToView()).ToList();
        var (items, next) = Paging.Slice(rows, req);
        await Send.OkAsync(new Response { Items = items, NextCursor = next }, ct);
    }
}
