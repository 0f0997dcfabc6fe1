namespace RiskRegister.Tests.Features;

/// <summary>Over-long targets and headers, through real Kestrel: a problem body, not Kestrel's empty answer.</summary>
public sealed class RequestLimitTests(LiveApiFixture api) : IClassFixture<LiveApiFixture>
{
    [Fact]
    public async Task A_path_and_query_over_8_KB_is_414_and_headers_over_32_KB_are_431_with_problems()
    {
        using var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFixture.AdminKey);

        var longTarget = await client.GetAsync("/api/v1/plans?year=2023&x=" + new string('a', 9000));
        longTarget.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        longTarget.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await longTarget.Json()).GetProperty("detail").GetString()!.ShouldContain("at most 8192");

        // Counted as sent, in bytes: 1 500 escaped å are 9 000 bytes, though they decode to 1 500 characters.
        (await client.GetAsync("/api/v1/plans?x=" + string.Concat(Enumerable.Repeat("%C3%A5", 1500)))).StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/plans");
        request.Headers.Add("X-Padding", new string('b', 40_000));
        var bigHeaders = await client.SendAsync(request);
        bigHeaders.StatusCode.ShouldBe(HttpStatusCode.RequestHeaderFieldsTooLarge);
        bigHeaders.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        (await client.GetAsync("/api/v1/plans?x=" + new string('a', 8000))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
