namespace RiskRegister.Tests.Features.Bench;

/// <summary>The service as the benchmark starts it: with the fixed-response ceiling switched on.</summary>
public sealed class BenchFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Bench:FixedResponse", "true")];
}

public sealed class FixedResponseTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_fixed_response_does_not_exist_unless_configured()
    {
        var response = await api.WithKey(null).GetAsync("/api/v1/bench/fixed");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}

public sealed class FixedResponseEnabledTests(BenchFixture api) : IClassFixture<BenchFixture>
{
    [Fact]
    public async Task The_fixed_response_answers_anonymously_when_configured()
    {
        var response = await api.WithKey(null).GetAsync("/api/v1/bench/fixed");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var body = await response.Json();
        body.GetProperty("status").GetString().ShouldBe("ok");
        body.GetProperty("service").GetString().ShouldBe("riskregister");
    }
}
