using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace RiskRegister.Tests.Webhooks;

/// <summary>The service with webhooks to loopback, on a clock the test moves, keeping delivered deliveries 30 days.</summary>
public sealed class ClockedWebhookApi : ApiFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:PollMilliseconds", "100"), new("Webhooks:KeepDeliveredDays", "30")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Webhooks:KeepDeliveredDays: the outbox does not grow for as long as the register runs.</summary>
public sealed class WebhookRetentionTests(ClockedWebhookApi api) : IClassFixture<ClockedWebhookApi>
{
    private async Task<List<(string EventId, string Status)>> Deliveries(long webhookId, int count)
    {
        var items = new List<(string, string)>();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var page = await api.Admin().GetOk($"/api/v1/webhooks/{webhookId}/deliveries");
            items = page.GetProperty("items").EnumerateArray().Select(d => (d.GetProperty("eventId").GetString()!, d.GetProperty("status").GetString()!)).ToList();
            if (items.Count == count && items.All(d => d.Item2 == "delivered")) break;
        }
        return items;
    }

    private long CountInOutbox(long webhookId)
    {
        using var connection = api.Database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM webhook_delivery_chunks WHERE webhook_id = @webhookId", new { webhookId });
    }

    [Fact]
    public async Task Deliveries_delivered_more_than_the_days_kept_ago_and_those_of_deleted_webhooks_are_swept()
    {
        await using var receiver = await Receiver.StartAsync();
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Utkorgens gallring");
        var subscription = new { url = receiver.Address.ToString(), types = new[] { "plan.created" }, unitIds = new[] { unitId } };
        var kept = (await admin.CreateWebhook(subscription)).Id;
        var deleted = (await admin.CreateWebhook(subscription)).Id;
        await admin.CreatePlan(unitId, 2025);
        var old = await Deliveries(kept, 1);
        old.Count.ShouldBe(1);
        (await Deliveries(deleted, 1)).Count.ShouldBe(1);

        // 29 days on, the delivery is still listed; the deleted webhook's row goes within the next sweep (an hour).
        (await admin.DeleteAsync($"/api/v1/webhooks/{deleted}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        api.Clock.Advance(TimeSpan.FromDays(29));
        await admin.CreatePlan(unitId, 2026);
        var both = await Deliveries(kept, 2);
        both.Count.ShouldBe(2);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); CountInOutbox(deleted) > 0 && DateTime.UtcNow < deadline;) await Task.Delay(100);
        CountInOutbox(deleted).ShouldBe(0);
        (await Deliveries(kept, 2)).ShouldBe(both);   // that sweep came after 29 days, and kept both

        // Past 30 days from the first delivery, and an hour after the last sweep, only the newer one is left.
        api.Clock.Advance(TimeSpan.FromDays(1.5));
        var left = await Deliveries(kept, 1);
        left.ShouldBe([both.Single(d => d.EventId != old[0].EventId)]);
        await admin.DeleteAsync($"/api/v1/webhooks/{kept}");
    }
}
