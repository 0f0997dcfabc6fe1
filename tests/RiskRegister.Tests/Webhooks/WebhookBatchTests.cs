using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RiskRegister.Api.Features.Webhooks;

namespace RiskRegister.Tests.Webhooks;

/// <summary>Webhooks to loopback with receivers that a test holds up: a long timeout, so a held receiver never times out.</summary>
public class BatchWebhookApi : ApiFixture
{
    protected virtual int ConcurrentDeliveries => 8;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", "0.2s"),
        new("Webhooks:PollMilliseconds", "100"), new("Webhooks:TimeoutSeconds", "60"),
        new("Webhooks:ConcurrentDeliveries", ConcurrentDeliveries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public WebhookDispatcher Dispatcher => Services.GetServices<IHostedService>().OfType<WebhookDispatcher>().Single();
}

/// <summary>One webhook delivered to at a time.</summary>
public sealed class OneTurnWebhookApi : BatchWebhookApi
{
    protected override int ConcurrentDeliveries => 1;
}

internal static class Until
{
    /// <summary>Waits for a condition (up to 30 s, polling); the caller asserts it afterwards.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !await condition();) await Task.Delay(50);
    }

    public static Task TrueAsync(Func<bool> condition) => TrueAsync(() => Task.FromResult(condition()));

    public static long Cursor(string body) => JsonDocument.Parse(body).RootElement.GetProperty("cursor").GetInt64();

    public static async Task<List<string>> Statuses(this HttpClient admin, long webhookId) =>
        (await admin.GetOk($"/api/v1/webhooks/{webhookId}/deliveries")).GetProperty("items").EnumerateArray()
        .Select(d => d.GetProperty("status").GetString()!).ToList();
}

/// <summary>Issue 28: deliveries in batches, several webhooks at once, each in its own order.</summary>
public sealed class WebhookBatchTests(BatchWebhookApi api) : IClassFixture<BatchWebhookApi>
{
    [Fact]
    public async Task A_held_up_receiver_holds_up_only_its_own_webhook_and_each_gets_the_events_in_cursor_order()
    {
        await using var held = await Receiver.StartAsync();
        await using var free = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        held.Hold = _ => release.Task;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Parallella webbkrokar");
        var heldId = (await admin.CreateWebhook(new { url = held.Address.ToString(), unitIds = new[] { unitId } })).Id;
        var freeId = (await admin.CreateWebhook(new { url = free.Address.ToString(), unitIds = new[] { unitId } })).Id;
        var planId = await admin.CreatePlan(unitId);
        for (var i = 0; i < 4; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));

        // The free receiver gets every event while the other one still holds its first.
        await Until.TrueAsync(async () => (await admin.Statuses(freeId)) is { Count: 5 } s && s.All(x => x == "delivered"));
        (await admin.Statuses(freeId)).ShouldBe(Enumerable.Repeat("delivered", 5).ToList());
        held.Received.Count.ShouldBe(1);

        release.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(heldId)).All(x => x == "delivered"));
        var heldCursors = held.Received.Select(r => Until.Cursor(r.Body)).ToList();
        var freeCursors = free.Received.Select(r => Until.Cursor(r.Body)).ToList();
        freeCursors.Count.ShouldBe(5);
        freeCursors.ShouldBeInOrder(SortDirection.Ascending);
        heldCursors.ShouldBe(freeCursors);
        await admin.DeleteAsync($"/api/v1/webhooks/{heldId}");
        await admin.DeleteAsync($"/api/v1/webhooks/{freeId}");
    }

    [Fact]
    public async Task Events_queued_while_a_delivery_is_under_way_are_written_delivered_in_one_write()
    {
        await using var receiver = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        receiver.Hold = n => n == 1 ? release.Task : Task.CompletedTask;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Bokföring i klump");
        var webhookId = (await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId } })).Id;
        var writes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        void Count(long id, int deliveries) { if (id == webhookId) writes.Enqueue(deliveries); }
        api.Dispatcher.Recorded += Count;
        try
        {
            var planId = await admin.CreatePlan(unitId);
            await Until.TrueAsync(() => receiver.Received.Count == 1);
            for (var i = 0; i < 5; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
            await Until.TrueAsync(async () => (await admin.Statuses(webhookId)).Count == 6);
            release.SetResult();
            await Until.TrueAsync(async () => (await admin.Statuses(webhookId)) is { Count: 6 } s && s.All(x => x == "delivered"));

            (await admin.Statuses(webhookId)).ShouldBe(Enumerable.Repeat("delivered", 6).ToList());
            receiver.Received.Count.ShouldBe(6);
            writes.Sum().ShouldBe(6);
            // The first on its own (it was the only one queued), the five queued behind it in one write.
            writes.ToList().ShouldBe([1, 5]);
        }
        finally { api.Dispatcher.Recorded -= Count; }
        await admin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }
}

/// <summary>Webhooks:ConcurrentDeliveries bounds how many webhooks are delivered to at once.</summary>
public sealed class WebhookTurnTests(OneTurnWebhookApi api) : IClassFixture<OneTurnWebhookApi>
{
    [Fact]
    public async Task With_one_turn_a_second_webhook_waits_until_the_held_up_one_has_its_answer()
    {
        await using var first = await Receiver.StartAsync();
        await using var second = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        first.Hold = second.Hold = _ => release.Task;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("En tur i taget");
        var ids = new List<long>();
        foreach (var receiver in new[] { first, second })
            ids.Add((await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId }, types = new[] { "plan.created" } })).Id);
        await admin.CreatePlan(unitId);

        await Until.TrueAsync(() => first.Received.Count + second.Received.Count >= 1 && api.Dispatcher.WaitingForTurn >= 1);
        api.Dispatcher.WaitingForTurn.ShouldBe(1);
        (first.Received.Count + second.Received.Count).ShouldBe(1);

        release.SetResult();
        await Until.TrueAsync(() => first.Received.Count == 1 && second.Received.Count == 1);
        first.Received.Count.ShouldBe(1);
        second.Received.Count.ShouldBe(1);
        foreach (var id in ids) await admin.DeleteAsync($"/api/v1/webhooks/{id}");
    }
}

/// <summary>A restart in the middle of a batch: what the receiver answered stays delivered, the rest comes after the start.</summary>
public sealed class WebhookRestartTests
{
    private sealed class Configured : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", "0.2s"),
            new("Webhooks:PollMilliseconds", "100"), new("Webhooks:TimeoutSeconds", "60"),
        ];
    }

    [Fact]
    public async Task A_stop_mid_batch_records_what_was_answered_and_sends_the_rest_at_least_once_after_the_start()
    {
        await using var receiver = await Receiver.StartAsync();
        var first = new TaskCompletionSource();
        var fourth = new TaskCompletionSource();
        receiver.Hold = n => n switch { 1 => first.Task, 4 => fourth.Task, _ => Task.CompletedTask };
        var database = TestDatabase.Create();
        long webhookId;
        await using (var before = new Configured { Database = database, KeepDatabase = true })
        {
            await before.InitializeAsync();
            var admin = before.Admin();
            var unitId = await admin.CreateAdministration("Omstart mitt i");
            webhookId = (await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId } })).Id;
            var planId = await admin.CreatePlan(unitId);
            await Until.TrueAsync(() => receiver.Received.Count == 1);
            for (var i = 0; i < 5; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
            await Until.TrueAsync(async () => (await admin.Statuses(webhookId)).Count == 6);
            first.SetResult();
            // The second batch: two answered, the third (the fourth POST) held when the service stops.
            await Until.TrueAsync(() => receiver.Received.Count == 4);
            receiver.Received.Count.ShouldBe(4);
        }
        receiver.Hold = null;
        fourth.SetResult();

        await using var after = new Configured { Database = database };
        await after.InitializeAsync();
        await Until.TrueAsync(async () => (await after.Admin().Statuses(webhookId)).All(x => x == "delivered"));
        (await after.Admin().Statuses(webhookId)).ShouldBe(Enumerable.Repeat("delivered", 6).ToList());
        var cursors = receiver.Received.Select(r => Until.Cursor(r.Body)).ToList();
        // Six events, each at least once, in order; the one under way at the stop came again, the two answered did not.
        cursors.Count.ShouldBe(7);
        cursors.Distinct().Count().ShouldBe(6);
        cursors.ShouldBeInOrder(SortDirection.Ascending);
        cursors[4].ShouldBe(cursors[3]);
    }
}

/// <summary>A poll so long that no test sees it: only the commit's signal can start a delivery.</summary>
public sealed class WokenWebhookApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:PollMilliseconds", "3600000")];
}

public sealed class WebhookWakeTests(WokenWebhookApi api) : IClassFixture<WokenWebhookApi>
{
    [Fact]
    public async Task A_change_committed_in_this_instance_wakes_the_dispatcher_without_its_poll()
    {
        await using var receiver = await Receiver.StartAsync();
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Väckt av sin commit");
        var webhookId = (await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId } })).Id;
        var planId = await admin.CreatePlan(unitId);
        await admin.AddRisk(planId, Risks.Lower());

        await Until.TrueAsync(() => receiver.Received.Count >= 2);
        receiver.Received.Count.ShouldBe(2);
        receiver.Received.Select(r => Until.Cursor(r.Body)).ShouldBeInOrder(SortDirection.Ascending);
        await admin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }
}
