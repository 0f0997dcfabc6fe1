namespace RiskRegister.Api.Features.Clients.Get;

public sealed class Request
{
    /// <summary>The client's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, ClientView>
{
    public override void Configure()
    {
        Get("/clients/{id}");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Read an API client (never its key)";
            s.Description = "Reads one API client: name, role, units, when it was created and revoked. Keys are never shown again.";
        });
        Description(d => d.Ok<ClientView>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var client = await ClientView.LoadOneAsync(connection, null, req.Id, ct);
        if (client is null) ThrowError(r => r.Id, $"No client {req.Id}.", 404);
        await Send.OkAsync(client, ct);
    }
}
