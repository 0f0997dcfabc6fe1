namespace RiskRegister.Api.Features.Health;

/// <summary>Answers 200 when the database answers. No key needed, so load balancers can call it.</summary>
public sealed class Endpoint(Db db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Service and database health";
            s.Description = "Liveness: `200` while the service and its database answer. Needs no key and is not rate-limited, so load balancers may poll it.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
        await Send.OkAsync(new Response { Status = "ok" }, ct);
    }
}

public sealed class Response
{
    /// <summary><c>ok</c> when the service and its database answer.</summary>
    public required string Status { get; init; }
}
