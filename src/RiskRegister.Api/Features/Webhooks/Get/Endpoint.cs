namespace RiskRegister.Api.Features.Webhooks.Get;

public sealed class Request
{
    /// <summary>The webhook's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, WebhookView>
{
    public override void Configure()
    {
        Get("/webhooks/{id}");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Read a webhook subscription (never its secret)";
            s.Description = "Reads one webhook: its url, the types and units it receives, when it was created.";
        });
        Description(d => d.Ok<WebhookView>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var webhook = await WebhookView.LoadAsync(connection, null, req.Id, ct);
        if (webhook is null) ThrowError(r => r.Id, $"No webhook {req.Id}.", 404);
        await Send.OkAsync(webhook, ct);
    }
}
