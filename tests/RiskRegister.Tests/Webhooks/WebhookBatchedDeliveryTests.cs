using System.Security.Cryptography;
using System.Text;
using RiskRegister.Api.Infrastructure;
using RiskRegister.Tests.Postgres;

namespace RiskRegister.Tests.Webhooks;

/// <summary>
/// Issue 28: a webhook that opts in (<c>maxEventsPerDelivery</c> above 1) gets the events already waiting for it in one
/// POST, <c>{"events": [...]}</c>, signed as one body; each POST's events are delivered or retried together.
/// </summary>
public sealed class WebhookBatchedDeliveryTests(BatchWebhookApi api) : IClassFixture<BatchWebhookApi>
{
    /// <summary>The Standard Webhooks recipe, as the README gives it: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the secret's bytes.</summary>
    private static bool Verifies(string secret, (string Id, string Timestamp, string Signature, string Body) delivery)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
        return delivery.Signature.Split(' ').Contains(expected);
    }

    /// <summary>A batch's events, each as its JSON text exactly as sent.</summary>
    private static List<string> Events(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();

    private static long Cursor(string @event) => JsonDocument.Parse(@event).RootElement.GetProperty("cursor").GetInt64();

    private static async Task<List<JsonElement>> Deliveries(HttpClient admin, long webhookId) =>
        (await admin.GetOk($"/api/v1/webhooks/{webhookId}/deliveries")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Waiting_events_go_in_batches_of_at_most_the_webhooks_size_signed_in_cursor_order_and_a_quiet_one_goes_alone()
    {
        await using var receiver = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        receiver.Hold = n => n == 1 ? release.Task : Task.CompletedTask;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Webbkrokar i klump");
        var created = await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 3 });
        created.MaxEventsPerDelivery.ShouldBe(3);
        (await admin.GetOk($"/api/v1/webhooks/{created.Id}")).GetProperty("maxEventsPerDelivery").GetInt32().ShouldBe(3);
        (await admin.GetOk("/api/v1/webhooks")).GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetInt64() == created.Id)
            .GetProperty("maxEventsPerDelivery").GetInt32().ShouldBe(3);

        // The plan's event is the only one waiting: it goes at once, alone in its batch. Five risks queue behind it.
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => receiver.Received.Count == 1);
        for (var i = 0; i < 5; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
        await Until.TrueAsync(async () => (await admin.Statuses(created.Id)).Count == 6);
        release.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(created.Id)) is { Count: 6 } s && s.All(x => x == "delivered"));

        var received = receiver.Received.ToList();
        received.Select(r => Events(r.Body).Count).ShouldBe([1, 3, 2]);
        received.ShouldAllBe(r => Verifies(created.Secret, r));
        var events = received.SelectMany(r => Events(r.Body)).ToList();
        var cursors = events.Select(Cursor).ToList();
        cursors.Count.ShouldBe(6);
        cursors.ShouldBeInOrder(SortDirection.Ascending);
        cursors.Distinct().Count().ShouldBe(6);
        // The batch is named by its first and last event; the body is the events and nothing else.
        foreach (var r in received)
        {
            var ids = Events(r.Body).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetString()).ToList();
            r.Id.ShouldBe($"{ids[0]}-{ids[^1]}");
            r.Body.ShouldBe("{\"events\":[" + string.Join(",", Events(r.Body)) + "]}");
        }
        JsonDocument.Parse(events[0]).RootElement.GetProperty("planId").GetInt64().ShouldBe(planId);
        (await Deliveries(admin, created.Id)).ShouldAllBe(d => d.GetProperty("attempts").GetInt32() == 1);
        await admin.DeleteAsync($"/api/v1/webhooks/{created.Id}");
    }

    [Fact]
    public async Task A_webhook_of_one_event_a_POST_and_a_batched_one_get_the_same_events_byte_for_byte_a_marked_risk_redacted_in_both()
    {
        await using var single = await Receiver.StartAsync();
        await using var batched = await Receiver.StartAsync();
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Samma händelser");
        var one = await admin.CreateWebhook(new { url = single.Address.ToString(), unitIds = new[] { unitId } });
        var many = await admin.CreateWebhook(new { url = batched.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 10 });
        one.MaxEventsPerDelivery.ShouldBe(1);
        // Both held at their first POST while the risks are added and one is marked: each reads the rest after the marking.
        var release = new TaskCompletionSource();
        single.Hold = batched.Hold = n => n == 1 ? release.Task : Task.CompletedTask;
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => single.Received.Count == 1 && batched.Received.Count == 1);
        var risks = new List<long>();
        for (var i = 0; i < 3; i++) risks.Add(await admin.AddRisk(planId, Risks.Lower(i == 1 ? "Hemlig titel i klump" : $"Risk {i}")));
        await admin.PutOk($"/api/v1/risks/{risks[1]}/secrecy", new { ground = "OSL 18 kap. 8 §", note = "Hemlig anteckning i klump" });
        await Until.TrueAsync(async () => (await admin.Statuses(one.Id)).Count == 5 && (await admin.Statuses(many.Id)).Count == 5);
        release.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(many.Id)) is { Count: 5 } s && s.All(x => x == "delivered"));
        await Until.TrueAsync(async () => (await admin.Statuses(one.Id)) is { Count: 5 } s && s.All(x => x == "delivered"));

        // One event a POST, as before: the body is the event, its id the webhook-id.
        var alone = single.Received.ToList();
        alone.Count.ShouldBe(5);
        alone.ShouldAllBe(r => r.Id == JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString());
        alone.ShouldAllBe(r => Verifies(one.Secret, r));
        alone.ShouldAllBe(r => !r.Body.Contains("\"events\""));
        // The batched webhook got the same events, each exactly as the other one's body, in two POSTs (one, then four).
        var inBatches = batched.Received.ToList();
        inBatches.Select(r => Events(r.Body).Count).ShouldBe([1, 4]);
        inBatches.ShouldAllBe(r => Verifies(many.Secret, r));
        inBatches.SelectMany(r => Events(r.Body)).ToList().ShouldBe(alone.Select(r => r.Body).ToList());
        // The marked risk's events, its creation too, are redacted in both forms.
        alone.Concat(inBatches).ShouldAllBe(r => !r.Body.Contains("Hemlig titel") && !r.Body.Contains("Hemlig anteckning"));
        inBatches[1].Body.ShouldContain($"\"riskId\":{risks[1]}");
        await admin.DeleteAsync($"/api/v1/webhooks/{one.Id}");
        await admin.DeleteAsync($"/api/v1/webhooks/{many.Id}");
    }

    [Fact]
    public async Task A_body_sent_to_one_webhook_before_the_risk_was_marked_is_not_sent_to_another_after_it_and_each_event_is_delivered_once()
    {
        // Webhooks share the bodies they built (one per event, for the secrecy and unit it was read with); a batch reads
        // only each event's secrecy and unit first. The first webhook sends the risk's creation open; the second, held
        // meanwhile, reads it after the marking and must build it again, redacted.
        await using var early = await Receiver.StartAsync();
        await using var late = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        late.Hold = n => n == 1 ? release.Task : Task.CompletedTask;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Delade kroppar");
        var first = await admin.CreateWebhook(new { url = early.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 10 });
        var second = await admin.CreateWebhook(new { url = late.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 10 });
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => early.Received.Count == 1 && late.Received.Count == 1);
        var riskId = await admin.AddRisk(planId, Risks.Lower("Hemlig efteråt i klump"));
        await Until.TrueAsync(() => early.Received.Count == 2);
        early.Received.ToList()[1].Body.ShouldContain("Hemlig efteråt i klump");   // open when it was sent
        await admin.PutOk($"/api/v1/risks/{riskId}/secrecy", new { ground = "OSL 18 kap. 8 §", note = "Anteckning i klump" });
        await Until.TrueAsync(async () => (await admin.Statuses(second.Id)).Count == 3);
        release.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(second.Id)) is { Count: 3 } s && s.All(x => x == "delivered"));
        await Until.TrueAsync(async () => (await admin.Statuses(first.Id)) is { Count: 3 } s && s.All(x => x == "delivered"));

        var after = late.Received.ToList();
        after.Count.ShouldBe(2);
        Events(after[1].Body).Count.ShouldBe(2);
        after[1].Body.ShouldContain($"\"riskId\":{riskId}");
        after.ShouldAllBe(r => !r.Body.Contains("Hemlig efteråt") && !r.Body.Contains("Anteckning i klump"));
        // Each event delivered once to each webhook, in cursor order, and listed as one attempt that was delivered.
        foreach (var (receiver, webhook) in new[] { (early, first), (late, second) })
        {
            var cursors = receiver.Received.SelectMany(r => Events(r.Body)).Select(Cursor).ToList();
            cursors.Count.ShouldBe(3);
            cursors.ShouldBeInOrder(SortDirection.Ascending);
            cursors.Distinct().Count().ShouldBe(3);
            (await Deliveries(admin, webhook.Id)).ShouldAllBe(d => d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("lastStatusCode").GetInt32() == 200);
            await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}");
        }
    }

    [Fact]
    public async Task A_failed_batch_is_retried_with_its_events_under_the_same_id_and_fails_together_when_its_retries_are_spent()
    {
        await using var receiver = await Receiver.StartAsync();
        var release = new TaskCompletionSource();
        receiver.Hold = n => n == 1 ? release.Task : Task.CompletedTask;
        // The first POST (the plan's event) is delivered; its successor answered 500, retried (one retry here) and
        // answered 200.
        foreach (var status in new[] { 200, 500, 200 }) receiver.Answers.Enqueue(status);
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Omförsök i klump");
        var webhook = await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 10 });
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => receiver.Received.Count == 1);
        for (var i = 0; i < 3; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)).Count == 4);
        release.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)) is { Count: 4 } s && s.All(x => x == "delivered"));

        var received = receiver.Received.ToList();
        received.Count.ShouldBe(3);
        received[2].Id.ShouldBe(received[1].Id);   // the retry carries the same events: the same webhook-id
        Events(received[2].Body).ShouldBe(Events(received[1].Body));
        Events(received[1].Body).Count.ShouldBe(3);
        var deliveries = await Deliveries(admin, webhook.Id);   // newest event first
        deliveries.Select(d => d.GetProperty("attempts").GetInt32()).ShouldBe([2, 2, 2, 1]);
        deliveries.ShouldAllBe(d => d.GetProperty("status").GetString() == "delivered");

        // Two risks in one batch, refused twice: both have failed, with the receiver's answer, and the next event follows.
        var release2 = new TaskCompletionSource();
        receiver.Hold = n => n == 4 ? release2.Task : Task.CompletedTask;
        foreach (var status in new[] { 200, 500, 500 }) receiver.Answers.Enqueue(status);
        await admin.AddRisk(planId, Risks.Lower("Risk 3"));
        await Until.TrueAsync(() => receiver.Received.Count == 4);
        await admin.AddRisk(planId, Risks.Lower("Risk 4"));
        await admin.AddRisk(planId, Risks.Lower("Risk 5"));
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)).Count == 7);
        release2.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)).Count(x => x == "failed") == 2);
        await admin.AddRisk(planId, Risks.Lower("Risk 6"));
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)) is { Count: 8 } s && s[0] == "delivered");

        deliveries = await Deliveries(admin, webhook.Id);
        deliveries.Take(4).Select(d => d.GetProperty("status").GetString()).ShouldBe(["delivered", "failed", "failed", "delivered"]);
        deliveries[1].GetProperty("attempts").GetInt32().ShouldBe(2);
        deliveries[1].GetProperty("lastStatusCode").GetInt32().ShouldBe(500);
        received = receiver.Received.ToList();
        received.Count.ShouldBe(7);
        Events(received[4].Body).Count.ShouldBe(2);
        received[5].Id.ShouldBe(received[4].Id);
        Events(received[6].Body).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetString()).ShouldBe([deliveries[0].GetProperty("eventId").GetString()]);
        await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}");
    }
}

/// <summary>maxEventsPerDelivery is an integer from 1 to 100; anything else is refused, naming it, and nothing is written.</summary>
public sealed class WebhookBatchValidationTests(BatchWebhookApi api) : IClassFixture<BatchWebhookApi>
{
    [Fact]
    public async Task Out_of_range_or_not_an_integer_is_a_400_naming_maxEventsPerDelivery_and_absent_is_one()
    {
        var admin = api.Admin();
        var url = "http://127.0.0.1:9999/hook";
        var snapshot = DatabaseSnapshot.Take(api.Database);
        foreach (var value in new object[] { 0, 101, -1, "ten", 2.5, true, new[] { 2 } })
        {
            var refused = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, maxEventsPerDelivery = value });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{value}");
            (await refused.Json()).GetProperty("errors").TryGetProperty("maxEventsPerDelivery", out _).ShouldBeTrue($"{value}");
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);

        var absent = await admin.CreateWebhook(new { url });
        absent.MaxEventsPerDelivery.ShouldBe(1);
        var asNull = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, maxEventsPerDelivery = (int?)null });
        (await asNull.Json()).GetProperty("maxEventsPerDelivery").GetInt32().ShouldBe(1);
        foreach (var value in new[] { 1, 100 })
            (await admin.CreateWebhook(new { url, maxEventsPerDelivery = value })).MaxEventsPerDelivery.ShouldBe(value);
        foreach (var w in (await admin.GetOk("/api/v1/webhooks")).GetProperty("items").EnumerateArray())
            await admin.DeleteAsync($"/api/v1/webhooks/{w.GetProperty("id").GetInt64()}");
    }
}

/// <summary>Two instances on one PostgreSQL database deliver a batched webhook's events each once, in order.</summary>
public sealed class WebhookBatchedDurabilityTests
{
    private sealed class Configured : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", "0.2s,0.2s,0.2s"),
            new("Webhooks:PollMilliseconds", "100"), new("Webhooks:TimeoutSeconds", "2"),
        ];
    }

    [Fact]
    [Trait("Database", "PostgreSQL")]
    public async Task Two_instances_on_one_PostgreSQL_database_deliver_each_event_of_a_batched_webhook_once_in_order()
    {
        await using var receiver = await Receiver.StartAsync();
        var database = TestDatabase.Create(DatabaseProvider.Postgres);
        await using var first = new Configured { Database = database, KeepDatabase = true };
        await using var second = new Configured { Database = database, KeepDatabase = true };
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            await first.Admin().CreateWebhook(new { url = receiver.Address.ToString(), maxEventsPerDelivery = 5 });
            for (var i = 0; i < 10; i++)
                await (i % 2 == 0 ? first : second).Admin().CreateAdministration($"Två instanser i klump {i}");

            await Until.TrueAsync(() => receiver.Received.Sum(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("events").GetArrayLength()) >= 20);
            await Task.Delay(1000);   // time for a duplicate to arrive, if one would
            var events = receiver.Received.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("cursor").GetInt64())).ToList();
            events.Count.ShouldBe(20);   // ten nämnder and ten förvaltningar created
            events.Distinct().Count().ShouldBe(20);
            events.ShouldBeInOrder(SortDirection.Ascending);
            receiver.Received.ShouldAllBe(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("events").GetArrayLength() <= 5);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            database.Drop();
        }
    }
}
