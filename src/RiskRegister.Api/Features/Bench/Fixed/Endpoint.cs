namespace RiskRegister.Api.Features.Bench.Fixed;

/// <summary>A constant answer: the ceiling of the web stack the benchmark compares every operation to.</summary>
public sealed class Response
{
    /// <summary>Always <c>ok</c>.</summary>
    public string Status { get; init; } = "ok";
    /// <summary>Always <c>riskregister</c>.</summary>
    public string Service { get; init; } = "riskregister";

    internal static readonly Response Instance = new();
}

/// <summary>
/// Registered only when configuration <c>Bench:FixedResponse</c> is true (see Program.cs), so a production
/// service never exposes it. Anonymous on purpose: it measures routing, serialisation and Kestrel, nothing else.
/// It checks the setting again per request because FastEndpoints keeps its discovered endpoints per process:
/// several hosts in one process (the tests) would otherwise share one host's registration.
/// </summary>
public sealed class Endpoint(IConfiguration configuration) : EndpointWithoutRequest<Response>
{
    public const string SettingKey = "Bench:FixedResponse";

    public override void Configure()
    {
        Get("/bench/fixed");
        AllowAnonymous();
        Summary(s => s.Summary = "Benchmark only: a fixed response (enabled by Bench:FixedResponse)");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        configuration.GetValue<bool>(SettingKey) ? Send.OkAsync(Response.Instance, ct) : Send.NotFoundAsync(ct);
}
