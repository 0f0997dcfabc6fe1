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
/// Answers only when configuration <c>Bench:FixedResponse</c> is true (bench/run.sh sets it); otherwise 404, as if it
/// did not exist, and it is left out of the API description. Checked per request rather than filtered out at start-up
/// because FastEndpoints keeps its discovered endpoints per process, which several test hosts share.
/// Anonymous on purpose: it measures routing, serialisation and Kestrel, nothing else.
/// </summary>
public sealed class Endpoint(IConfiguration configuration) : EndpointWithoutRequest<Response>
{
    public const string SettingKey = "Bench:FixedResponse";

    public override void Configure()
    {
        Get("/bench/fixed");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Benchmark only: a fixed response (enabled by Bench:FixedResponse)";
            s.Description = "Answers a constant body without touching the database, so `make bench` can measure the pipeline's own cost. `404` unless `Bench:FixedResponse` is set.";
        });
        Description(d => d.Ok<Response>().Problems(404).ExcludeFromDescription(), clearDefaults: true);
    }

    public override Task HandleAsync(CancellationToken ct) =>
        configuration.GetValue<bool>(SettingKey) ? Send.OkAsync(Response.Instance, ct) : ApiProblem.WriteAsync(HttpContext, StatusCodes.Status404NotFound);
}
