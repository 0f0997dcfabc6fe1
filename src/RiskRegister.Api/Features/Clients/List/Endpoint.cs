namespace RiskRegister.Api.Features.Clients.List;

public sealed class Request
{
    /// <summary>Also list revoked clients (default: only those whose keys work).</summary>
    [QueryParam] public bool? IncludeRevoked { get; set; }
}

public sealed class Response
{
    /// <summary>The clients, by id. Keys are never listed.</summary>
    public List<ClientView> Items { get; init; } = [];
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/clients");
        Roles(RiskRegister.Api.Auth.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "List API clients (without keys)";
            s.Description = "Every API client, revoked ones included, without keys.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // A region has tens of clients, so the list is not paged.
        var clients = await ClientView.LoadAsync(connection, null, "@all = 1 OR c.revoked_at IS NULL",
            new { all = req.IncludeRevoked == true ? 1 : 0 }, ct);
        await Send.OkAsync(new Response { Items = clients }, ct);
    }
}
