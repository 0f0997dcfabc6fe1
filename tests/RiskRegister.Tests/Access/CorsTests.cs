namespace RiskRegister.Tests.Access;

/// <summary>Browser clients on other origins: only those <c>Cors:AllowedOrigins</c> lists, and never with credentials.</summary>
public sealed class CorsTests
{
    private sealed class CorsApi(string? origins) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => origins is null ? [] : [new("Cors:AllowedOrigins", origins)];
    }

    private static async Task<HttpResponseMessage> Preflight(ApiFixture api, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/plans");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match");
        return await api.CreateClient().SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task A_listed_origin_gets_its_preflight_answered_without_credentials()
    {
        await using var api = new CorsApi("https://intern.region.se, https://ledning.region.se");
        var response = await Preflight(api, "https://intern.region.se");
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Header(response, "Access-Control-Allow-Origin").ShouldBe("https://intern.region.se");
        Header(response, "Access-Control-Allow-Methods")!.ShouldContain("POST");
        Header(response, "Access-Control-Allow-Headers")!.ShouldContain("authorization", Case.Insensitive);
        Header(response, "Access-Control-Allow-Credentials").ShouldBeNull();

        // The request itself: the origin is echoed and the headers a client reads are exposed.
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/units");
        get.Headers.Add("Origin", "https://ledning.region.se");
        get.Headers.Add("X-Api-Key", ApiFixture.AdminKey);
        var answer = await api.CreateClient().SendAsync(get);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(answer, "Access-Control-Allow-Origin").ShouldBe("https://ledning.region.se");
        Header(answer, "Access-Control-Expose-Headers")!.ShouldContain("ETag");
    }

    [Fact]
    public async Task An_origin_not_listed_gets_no_cors_header()
    {
        await using var api = new CorsApi("https://intern.region.se");
        var response = await Preflight(api, "https://evil.example");
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    [Fact]
    public async Task By_default_no_origin_is_allowed()
    {
        await using var api = new CorsApi(null);
        var response = await Preflight(api, "https://intern.region.se");
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    [Fact]
    public async Task A_wildcard_allows_any_origin_and_never_credentials()
    {
        await using var api = new CorsApi("*");
        var response = await Preflight(api, "https://var-som-helst.example");
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Header(response, "Access-Control-Allow-Origin").ShouldBe("*");
        Header(response, "Access-Control-Allow-Credentials").ShouldBeNull();
    }
}
