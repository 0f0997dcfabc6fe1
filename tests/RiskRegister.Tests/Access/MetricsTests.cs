namespace RiskRegister.Tests.Access;

public sealed class MetricsApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Metrics:Enabled", "true"), new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Webhooks.Receiver.Ports), new("Webhooks:PollMilliseconds", "100")];

    // The exporter answers a scrape within 300 ms of the last from its cache: the tests of this class, one right after
    // another, would read each other's scrape (it failed that way on CI, in the test order of CI's checkout path).
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<OpenTelemetry.Exporter.PrometheusAspNetCoreOptions>(s, o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }
}

/// <summary>/metrics (Metrics:Enabled=true): Prometheus text with requests by operation and status, for operators only.</summary>
public sealed class MetricsTests(MetricsApi api) : IClassFixture<MetricsApi>
{
    [Fact]
    public async Task After_a_cycle_a_scrape_shows_requests_by_operation_and_status_and_the_database_time()
    {
        var admin = api.Admin();
        var (planId, _, riskId) = await admin.AdoptedPlan(2023);
        await admin.GetOk($"/api/v1/risks/{riskId}");
        await admin.RecordFollowUp1(riskId);
        (await admin.GetAsync("/api/v1/risks/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A request is counted when its context is disposed, a moment after the client has its answer: the last one
        // may come into the next scrape.
        var text = "";
        var requests = new List<string>();
        for (var deadline = DateTime.UtcNow.AddSeconds(5); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var scrape = await admin.GetAsync("/metrics");
            scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
            text = await scrape.Content.ReadAsStringAsync();
            requests = text.Split('\n').Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)).ToList();
            if (requests.Any(l => l.Contains("http_route=\"/api/v1/risks/{id}\"") && l.Contains("http_response_status_code=\"404\""))) break;
        }
        requests.ShouldContain(l => l.Contains("http_route=\"/api/v1/risks/{id}\"") && l.Contains("http_response_status_code=\"200\"") && l.Contains("http_request_method=\"GET\""), string.Join("\n", requests));
        requests.ShouldContain(l => l.Contains("http_route=\"/api/v1/risks/{id}\"") && l.Contains("http_response_status_code=\"404\""));
        requests.ShouldContain(l => l.Contains("http_route=\"/api/v1/plans/{id}/adoption\"") && l.Contains("http_response_status_code=\"200\""));
        text.ShouldContain("http_server_request_duration_seconds_bucket{");   // latency histograms
        text.Split('\n').Where(l => l.Contains("riskregister_database")).ShouldContain(l => l.Contains("_count{") && l.Contains("db_system="), text[..Math.Min(text.Length, 3000)]);
        text.ShouldNotContain(ApiFixture.AdminKey);
        _ = planId;
    }

    [Fact]
    public async Task Another_service_in_the_same_process_stopping_does_not_end_this_ones_request_metrics()
    {
        // ASP.NET Core makes its meters per host. Listened to by name alone, another host's meter of the same name shared
        // this one's stream, and its disposal ended the stream for both: what failed on CI, with the test fixtures' hosts.
        var admin = api.Admin();
        var riskId = (await admin.AdoptedPlan(2023)).GranskningId;
        var before = await ReadsOfARisk(admin);
        await using (var other = new ApiFixture())
        {
            await other.InitializeAsync();
            (await other.Admin().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(200);   // its request counted on its side
            (await (await admin.GetAsync("/metrics")).Content.ReadAsStringAsync()).ShouldNotContain("http_route=\"/health\"");   // the other host's requests are its own
        }
        await admin.GetAsync("/metrics");   // a collection after the other host's meters are gone
        await admin.GetOk($"/api/v1/risks/{riskId}");

        // A request is counted when its context is disposed, a moment after the client has its answer.
        var after = before;
        for (var deadline = DateTime.UtcNow.AddSeconds(5); after != before + 1 && DateTime.UtcNow < deadline; await Task.Delay(100))
            after = await ReadsOfARisk(admin);
        after.ShouldBe(before + 1);
    }

    private static async Task<long> ReadsOfARisk(HttpClient admin)
    {
        var text = await (await admin.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/api/v1/risks/{id}\"") && l.Contains("http_request_method=\"GET\"") && l.Contains("http_response_status_code=\"200\""));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Webhook_deliveries_and_their_latency_are_counted()
    {
        await using var receiver = await RiskRegister.Tests.Webhooks.Receiver.StartAsync();
        var admin = api.Admin();
        var webhook = await admin.CreateWebhook(new { url = receiver.Address.ToString() });
        await admin.CreateAdministration("Mätvärden för webbkrokar");
        await receiver.WaitForAsync(r => r.Count >= 2);
        // The delivery is counted once the receiver's answer is back, a moment after the receiver saw the request.
        var text = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            text = await (await admin.GetAsync("/metrics")).Content.ReadAsStringAsync();
            if (text.Contains("outcome=\"delivered\"")) break;
        }
        text.Split('\n').ShouldContain(l => l.StartsWith("riskregister_webhook_deliveries_total{", StringComparison.Ordinal) && l.Contains("outcome=\"delivered\""));
        text.ShouldContain("riskregister_webhook_delivery_latency_seconds_bucket{");
        await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}");
    }

    [Fact]
    public async Task Metrics_need_an_admin_key_or_an_allowed_network()
    {
        (await api.WithKey(null).GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (_, auditorKey) = await api.Admin().CreateApiClient("Revisor", "auditor");
        (await api.WithKey(auditorKey).GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
