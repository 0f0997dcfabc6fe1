namespace RiskRegister.Tests.Access;

/// <summary>The service behind a proxy on 127.0.0.1 that it trusts (ForwardedHeaders:KnownProxies), three requests a minute.</summary>
public sealed class BehindKnownProxyApi : LiveApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("RateLimit:PermitsPerMinute", "3"), new("ForwardedHeaders:KnownProxies", "127.0.0.1")];
}

/// <summary>The same, with no proxy configured: loopback is not trusted by default.</summary>
public sealed class NoKnownProxyApi : LiveApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimit:PermitsPerMinute", "3")];
}

/// <summary>
/// X-Forwarded-For decides whose rate limit a request counts against only when it comes from a known proxy; from
/// anyone else a client could otherwise pick a fresh address for every request and never be limited.
/// </summary>
public sealed class ForwardedHeadersTests(BehindKnownProxyApi trusted, NoKnownProxyApi untrusted)
    : IClassFixture<BehindKnownProxyApi>, IClassFixture<NoKnownProxyApi>
{
    private static async Task<HttpStatusCode> Anonymous(Uri address, string forwardedFor)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/units");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_limit()
    {
        for (var i = 0; i < 3; i++) (await Anonymous(trusted.Address, "203.0.113.7")).ShouldBe(HttpStatusCode.Unauthorized);
        (await Anonymous(trusted.Address, "203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
        // Another client behind the same proxy is not held up by the first.
        (await Anonymous(trusted.Address, "198.51.100.9")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task From_an_unknown_sender_the_forwarded_headers_are_ignored()
    {
        for (var i = 0; i < 3; i++) (await Anonymous(untrusted.Address, $"203.0.113.{i + 1}")).ShouldBe(HttpStatusCode.Unauthorized);
        // A new made-up address each time changes nothing: the real sender's limit is used up.
        (await Anonymous(untrusted.Address, "198.51.100.9")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void An_unparsable_proxy_address_stops_the_start_with_the_reason()
    {
        using var api = new BadProxyApi();
        Should.Throw<InvalidOperationException>(() => _ = api.Server).Message.ShouldContain("ForwardedHeaders:KnownProxies: \"proxy.region.se\" is not an IP address");
    }

    private sealed class BadProxyApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("ForwardedHeaders:KnownProxies", "proxy.region.se")];
    }
}
