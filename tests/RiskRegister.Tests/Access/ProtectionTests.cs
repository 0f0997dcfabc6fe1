using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using RiskRegister.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RiskRegister.Tests.Access;

/// <summary>The service with a tiny rate limit, so the limit is reached in a test.</summary>
public sealed class RateLimitedApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimit:PermitsPerMinute", "3")];
}

public sealed class RateLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_Retry_After_while_others_go_on()
    {
        var (_, key) = await api.Admin().CreateApiClient("Ivrig integration", "auditor");
        var eager = api.WithKey(key);
        for (var i = 0; i < 3; i++)
            (await eager.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await eager.GetAsync("/api/v1/units");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Json()).GetProperty("status").GetInt32().ShouldBe(429);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(1, 60);
        // Partitioned per client: the admin (one request so far) is not affected, and health is never limited.
        (await api.Admin().GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
            (await api.WithKey(null).GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Callers_without_a_valid_key_share_their_addresss_limit_so_keys_cannot_be_guessed_quickly()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await api.WithKey($"guess-{i}").GetAsync("/api/v1/units")).StatusCode);

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}

public sealed class SecurityHeaderTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/api/v1/units", true)]
    [InlineData("/api/v1/units", false)]
    [InlineData("/api/v1/nothing-here", true)]
    public async Task Every_response_carries_the_basic_security_headers(string path, bool withKey)
    {
        var response = await (withKey ? api.Admin() : api.WithKey(null)).GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
    }

    [Fact]
    public async Task The_printable_html_plan_carries_a_content_security_policy()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration(), 2023);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}/summary");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await admin.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
    }
}

/// <summary>The service with every log message captured, at every level (optionally on another fixture's database).</summary>
public sealed class LogCapturingApi : ApiFixture
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CaptureProvider(Lines));
            logging.AddFilter<CaptureProvider>(null, LogLevel.Trace);
        });
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? "";
    }
}

public sealed class LoggingTests(LogCapturingApi api) : IClassFixture<LogCapturingApi>
{
    [Fact]
    public async Task No_api_key_reaches_the_log_at_any_level()
    {
        var admin = api.Admin();
        var (id, key) = await admin.CreateApiClient("Loggtest", "auditor");
        await api.WithKey(key).GetAsync("/api/v1/units");
        await api.WithKey(key).PostAsJsonAsync("/api/v1/units", new { name = "x", kind = "board" }); // 403
        await admin.DeleteAsync($"/api/v1/clients/{id}");
        await api.WithKey(key).GetAsync("/api/v1/units"); // 401, revoked
        await api.WithKey("rr_not-a-real-key-but-secret-looking").GetAsync("/api/v1/plans");
        // A key where none belongs, in the query string: refused (keys go in X-Api-Key), and not logged either.
        await api.WithKey(null).GetAsync("/api/v1/units?apiKey=" + key);

        var log = string.Join("\n", api.Lines);
        log.ShouldContain("GET /api/v1/units answered 401"); // the capture sees the request log, at Trace for every category
        log.ShouldNotContain(key);
        log.ShouldNotContain(key[3..15]);
        log.ShouldNotContain(ApiFixture.AdminKey);
        log.ShouldNotContain("rr_not-a-real-key");
        log.ShouldNotContain(RiskRegister.Api.Auth.ApiKeys.Hash(key));
    }
}

public sealed class ContentSecurityPolicyTests
{
    [Theory]
    [InlineData("/html", "text/html; charset=utf-8", true)]
    [InlineData("/svg", "image/svg+xml", true)]
    [InlineData("/json", "application/json", false)]
    public async Task Html_and_svg_get_a_strict_content_security_policy(string path, string contentType, bool expectPolicy)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.UseSecurityHeaders();
        app.MapGet(path, () => Results.Content("<p>x</p>", contentType));
        await app.StartAsync();

        var response = await app.GetTestClient().GetAsync(path);

        response.Headers.TryGetValues("Content-Security-Policy", out var policy).ShouldBe(expectPolicy);
        if (expectPolicy)
        {
            policy!.Single().ShouldContain("default-src 'none'");
            policy!.Single().ShouldContain("frame-ancestors 'none'");
        }
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}
