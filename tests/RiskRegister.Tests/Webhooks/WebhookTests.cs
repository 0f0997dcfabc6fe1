using System.Security.Cryptography;
using System.Text;

namespace RiskRegister.Tests.Webhooks;

/// <summary>The service with webhooks allowed to loopback, retried quickly, polled often.</summary>
public sealed class WebhookApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Webhooks:AllowedHosts", "127.0.0.1, localhost"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", "0.2s,0.2s,0.2s"),
        new("Webhooks:PollMilliseconds", "100"), new("Webhooks:TimeoutSeconds", "2"),
    ];
}

public sealed class WebhookTests(WebhookApi api) : IClassFixture<WebhookApi>
{
    /// <summary>Verifies as the README tells a receiver to: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the secret's bytes.</summary>
    private static bool Verifies(string secret, (string Id, string Timestamp, string Signature, string Body) delivery)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
        return delivery.Signature.Split(' ').Contains(expected);
    }

    /// <summary>
    /// The webhook's deliveries once every one is delivered: the dispatcher records a delivery after the receiver's
    /// answer is back, a moment after the receiver saw the request.
    /// </summary>
    private async Task<JsonElement> Delivered(long id)
    {
        var deliveries = await api.Admin().GetOk($"/api/v1/webhooks/{id}/deliveries");
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            deliveries = await api.Admin().GetOk($"/api/v1/webhooks/{id}/deliveries");
            if (deliveries.GetProperty("items").EnumerateArray().All(d => d.GetProperty("status").GetString() == "delivered")) break;
        }
        return deliveries;
    }

    private async Task<(long Id, string Secret)> Subscribe(Uri url, object? extra = null)
    {
        var created = await api.Admin().CreateWebhook(extra ?? new { url = url.ToString() });
        return (created.Id, created.Secret);
    }

    [Fact]
    public async Task Events_arrive_signed_in_cursor_order_and_the_secret_is_shown_once()
    {
        await using var receiver = await Receiver.StartAsync();
        var (id, secret) = await Subscribe(receiver.Address);
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        (await (await api.Admin().GetAsync($"/api/v1/webhooks/{id}")).Content.ReadAsStringAsync()).ShouldNotContain(secret);
        (await (await api.Admin().GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync()).ShouldNotContain(secret);

        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration("Webbkrokar"));
        await admin.AddRisk(planId, Risks.Lower());
        var received = await receiver.WaitForAsync(r => r.Count >= 4);

        received.Count.ShouldBeGreaterThanOrEqualTo(4);
        received.ShouldAllBe(d => Verifies(secret, d));
        var cursors = received.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("cursor").GetInt64()).ToList();
        cursors.ShouldBeInOrder(SortDirection.Ascending);
        cursors.Distinct().Count().ShouldBe(cursors.Count);
        received.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("type").GetString()).ShouldContain("risk.created");
        received.ShouldAllBe(d => d.Id == JsonDocument.Parse(d.Body).RootElement.GetProperty("id").GetString());
        var deliveries = await Delivered(id);
        deliveries.GetProperty("items").EnumerateArray().ShouldAllBe(d => d.GetProperty("status").GetString() == "delivered");
        (await admin.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_gets_the_event_on_the_third_attempt()
    {
        await using var receiver = await Receiver.StartAsync();
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Omförsök");
        var (id, secret) = await Subscribe(receiver.Address, new { url = receiver.Address.ToString(), types = new[] { "plan.created" }, unitIds = new[] { unitId } });
        receiver.Answers.Enqueue(500);
        receiver.Answers.Enqueue(500);
        var planId = await admin.CreatePlan(unitId);

        var received = await receiver.WaitForAsync(r => r.Count >= 3);
        received.Count.ShouldBe(3);
        received.Select(d => d.Id).Distinct().Count().ShouldBe(1);   // one event, three attempts
        JsonDocument.Parse(received[2].Body).RootElement.GetProperty("planId").GetInt64().ShouldBe(planId);
        var delivery = (await Delivered(id)).GetProperty("items")[0];
        delivery.GetProperty("status").GetString().ShouldBe("delivered");
        delivery.GetProperty("attempts").GetInt32().ShouldBe(3);
        _ = secret;
        await admin.DeleteAsync($"/api/v1/webhooks/{id}");
    }
}

/// <summary>Webhooks allowed to the name localhost only: no address range.</summary>
public sealed class NamedHostWebhookApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Webhooks:AllowedHosts", "localhost"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", "0.2s"), new("Webhooks:PollMilliseconds", "100")];
}

public sealed class WebhookHostTests(NamedHostWebhookApi named) : IClassFixture<NamedHostWebhookApi>
{
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_creation_with_the_reason_as_are_hosts_outside_the_list()
    {
        var admin = named.Admin();
        var outside = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example.org/x" });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Json()).GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("not in Webhooks:AllowedHosts");
        (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://localhost/x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1/x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // "localhost" is allowed by name, but it resolves to loopback, which no range allows: every delivery would be
        // refused, so the subscription is refused now, saying how to allow a receiver on this machine.
        var snapshot = DatabaseSnapshot.Take(named.Database);
        var byName = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://localhost:9000/hook" });
        byName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var reason = (await byName.Json()).GetProperty("errors").GetProperty("url")[0].GetString()!;
        reason.ShouldContain("resolves to");
        reason.ShouldContain("127.0.0.1/32");
        DatabaseSnapshot.Take(named.Database).ShouldBe(snapshot);
    }
}
