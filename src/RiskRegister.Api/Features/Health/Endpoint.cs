namespace RiskRegister.Api.Features.Health;

/// <summary>
/// Liveness: 200 while the process serves requests. It does not ask the database: an orchestrator restarts an instance
/// whose liveness fails, and restarting every instance because the database is away helps nobody. Whether the
/// database takes reads and writes is readiness (<c>/health/ready</c>).
/// </summary>
public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Liveness: the service is running";
            s.Description = "Liveness: `200` while the service runs, whether or not its database answers (that is `/health/ready`). Needs no key and is not rate-limited, so load balancers and orchestrators may poll it.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new Response { Status = "ok" }, ct);
}

public sealed class Response
{
    /// <summary><c>ok</c> while the service runs.</summary>
    public required string Status { get; init; }
}
