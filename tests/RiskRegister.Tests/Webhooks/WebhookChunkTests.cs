using System.Globalization;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Webhooks;

/// <summary>
/// Issue 28: the outbox keeps a row per chunk of a webhook's events in the same state (migration 0018), not a row per
/// (webhook, event). A round queues one chunk per webhook; outcomes split it; the deliveries list still answers per event.
/// </summary>
public sealed class WebhookChunkTests(BatchWebhookApi api) : IClassFixture<BatchWebhookApi>
{
    /// <summary>Writes made while the dispatcher's next round waits to start, so that one round queues them all.</summary>
    private async Task InOneRoundAsync(Func<Task> writes)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Dispatcher.BeforeRound = () =>
        {
            held.TrySetResult();
            return release.Task;
        };
        try
        {
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await writes();
        }
        finally
        {
            api.Dispatcher.BeforeRound = null;
            release.SetResult();
        }
    }

    /// <summary>The webhook's outbox rows, oldest first: each its event ids.</summary>
    private List<string> Chunks(long webhookId)
    {
        using var connection = api.Database.Open();
        return connection.Query<string>("SELECT event_ids FROM webhook_delivery_chunks WHERE webhook_id = @webhookId ORDER BY first_event_id", new { webhookId }).ToList();
    }

    private static async Task<List<JsonElement>> Deliveries(HttpClient admin, long webhookId, string query = "") =>
        (await admin.GetOk($"/api/v1/webhooks/{webhookId}/deliveries{query}")).GetProperty("items").EnumerateArray().ToList();

    private static long Id(JsonElement delivery) => long.Parse(delivery.GetProperty("eventId").GetString()!["evt_".Length..], CultureInfo.InvariantCulture);

    private static string? Text(JsonElement delivery, string name) =>
        delivery.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    private static string Ids(IEnumerable<JsonElement> deliveries) => string.Join(",", deliveries.Select(Id).Order());

    [Fact]
    public async Task A_rounds_events_are_one_outbox_row_per_webhook_and_listed_one_by_one_newest_first_across_rows_and_pages()
    {
        await using var single = await Receiver.StartAsync();
        await using var batched = await Receiver.StartAsync();
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Utkorg i bitar");
        var one = await admin.CreateWebhook(new { url = single.Address.ToString(), unitIds = new[] { unitId } });
        var many = await admin.CreateWebhook(new { url = batched.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 10 });
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => single.Received.Count == 1 && batched.Received.Count == 1);
        await InOneRoundAsync(async () =>
        {
            for (var i = 0; i < 4; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
        });
        foreach (var webhook in new[] { one.Id, many.Id })
            await Until.TrueAsync(async () => (await admin.Statuses(webhook)) is { Count: 5 } s && s.All(x => x == "delivered"));

        single.Received.Count.ShouldBe(5);
        batched.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("events").GetArrayLength()).ShouldBe([1, 4]);
        foreach (var webhook in new[] { one.Id, many.Id })
        {
            var listed = await Deliveries(admin, webhook);   // newest first
            listed.Count.ShouldBe(5);
            listed.Select(Id).ShouldBeInOrder(SortDirection.Descending);
            listed.ShouldAllBe(d => Text(d, "status") == "delivered" && Text(d, "attempts") == "1" && Text(d, "lastStatusCode") == "200");
            // The plan's event in a row of its own, the four risks' in one: written delivered by one write, not split.
            Chunks(webhook).ShouldBe([Ids(listed.Skip(4)), Ids(listed.Take(4))]);

            // Two at a time, across the rows: the same items, each page's cursor its last event.
            var paged = new List<string>();
            var query = "?limit=2";
            for (var pages = 0; pages < 10; pages++)
            {
                var page = await admin.GetOk($"/api/v1/webhooks/{webhook}/deliveries{query}");
                var items = page.GetProperty("items").EnumerateArray().ToList();
                paged.AddRange(items.Select(d => d.GetRawText()));
                if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null) break;
                page.GetProperty("nextCursor").GetInt64().ShouldBe(Id(items[^1]));
                query = $"?limit=2&cursor={page.GetProperty("nextCursor").GetInt64()}";
            }
            paged.ShouldBe(listed.Select(d => d.GetRawText()).ToList());
            (await Deliveries(admin, webhook, $"?limit=3&cursor={Id(listed[1])}")).Select(d => d.GetRawText()).ShouldBe(listed.Skip(2).Take(3).Select(d => d.GetRawText()).ToList());
            await admin.DeleteAsync($"/api/v1/webhooks/{webhook}");
        }
    }

    [Fact]
    public async Task A_POST_refused_in_the_middle_of_a_chunk_splits_it_into_the_delivered_the_retried_and_the_waiting_events()
    {
        await using var receiver = await Receiver.StartAsync();
        // The plan's event, then the five risks' in POSTs of two: the first delivered, the second refused, its retry held.
        foreach (var status in new[] { 200, 200, 500 }) receiver.Answers.Enqueue(status);
        var retry = new TaskCompletionSource();
        receiver.Hold = n => n == 4 ? retry.Task : Task.CompletedTask;
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Delad bit");
        var webhook = await admin.CreateWebhook(new { url = receiver.Address.ToString(), unitIds = new[] { unitId }, maxEventsPerDelivery = 2 });
        var planId = await admin.CreatePlan(unitId);
        await Until.TrueAsync(() => receiver.Received.Count == 1);
        await InOneRoundAsync(async () =>
        {
            for (var i = 0; i < 5; i++) await admin.AddRisk(planId, Risks.Lower($"Risk {i}"));
        });
        await Until.TrueAsync(() => receiver.Received.Count == 4);

        // Newest first: the fifth risk waits, never tried; the third and fourth wait for their retry; the rest delivered.
        var listed = await Deliveries(admin, webhook.Id);
        listed.Select(d => Text(d, "status")).ShouldBe(["pending", "pending", "pending", "delivered", "delivered", "delivered"]);
        listed.Select(d => Text(d, "attempts")).ShouldBe(["0", "1", "1", "1", "1", "1"]);
        listed.Select(d => Text(d, "lastStatusCode")).ShouldBe([null, "500", "500", "200", "200", "200"]);
        listed.Select(d => Text(d, "lastError")).ShouldBe([null, "The receiver answered 500.", "The receiver answered 500.", null, null, null]);
        listed.Skip(3).Select(d => Text(d, "nextAttemptAt")).ShouldAllBe(at => at == null);
        Text(listed[1], "nextAttemptAt").ShouldBe(Text(listed[2], "nextAttemptAt"));
        string.CompareOrdinal(Text(listed[0], "nextAttemptAt"), Text(listed[1], "nextAttemptAt")).ShouldBeLessThan(0);   // its queueing, before the refusal
        Text(listed[3], "deliveredAt").ShouldBe(Text(listed[4], "deliveredAt"));
        Chunks(webhook.Id).ShouldBe([Ids(listed.Skip(5)), Ids(listed.Skip(3).Take(2)), Ids(listed.Skip(1).Take(2)), Ids(listed.Take(1))]);

        retry.SetResult();
        await Until.TrueAsync(async () => (await admin.Statuses(webhook.Id)) is { Count: 6 } s && s.All(x => x == "delivered"));
        listed = await Deliveries(admin, webhook.Id);
        listed.Select(d => Text(d, "attempts")).ShouldBe(["1", "2", "2", "1", "1", "1"]);
        listed.ShouldAllBe(d => Text(d, "lastStatusCode") == "200" && Text(d, "lastError") == null && Text(d, "nextAttemptAt") == null);
        Chunks(webhook.Id).ShouldBe([Ids(listed.Skip(5)), Ids(listed.Skip(3).Take(2)), Ids(listed.Skip(1).Take(2)), Ids(listed.Take(1))]);
        var received = receiver.Received.ToList();
        received.Count.ShouldBe(5);
        received[3].Id.ShouldBe(received[2].Id);   // the retry: the same two events
        received[3].Body.ShouldBe(received[2].Body);
        received[4].Id.ShouldBe($"evt_{Id(listed[0])}-evt_{Id(listed[0])}");
        await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}");
    }
}

/// <summary>Migration 0018: a register's deliveries from before, each now a chunk of its one event, are listed as they were.</summary>
public sealed class WebhookChunkMigrationTests
{
    private sealed class Configured : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", "9999"), new("Webhooks:PollMilliseconds", "100")];
    }

    [Fact]
    public async Task Deliveries_written_before_the_outbox_kept_chunks_are_listed_exactly_as_they_were()
    {
        var database = TestDatabase.Create();
        try
        {
            long webhookId;
            var delivered = Clock.Timestamp();   // within Webhooks:KeepDeliveredDays, so not swept
            var events = new List<long>();
            using (var old = database.Open())
            {
                // As a register written by the version before: foreign keys off while SQLite's scripts rebuild tables.
                if (database.Provider == DatabaseProvider.Sqlite) old.Execute("PRAGMA foreign_keys = OFF");
                old.Execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
                foreach (var (name, sql) in MigrationRunner.Scripts(database.Provider).Where(s => string.CompareOrdinal(s.Name, "0018") < 0))
                {
                    old.Execute(sql);
                    old.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@name, 'then')", new { name });
                }
                for (var i = 0; i < 4; i++)
                    events.Add(old.QuerySingle<long>("INSERT INTO history (at, client_name, entity, entity_id, action) VALUES ('2026-01-01T00:00:00.000Z', 'Test', 'unit', @i, 'created') RETURNING id", new { i = i + 1 }));
                // Of a type no later write makes, and its pending ones not due: nothing changes them once the service runs.
                webhookId = old.QuerySingle<long>("""
                    INSERT INTO webhooks (url, types, secret, cursor, created_at, max_events_per_delivery)
                    VALUES ('http://127.0.0.1:9999/hook', 'plan.adopted', 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', @cursor, '2026-01-01T00:00:00.000Z', 1) RETURNING id
                    """, new { cursor = events[^1] });
                old.Execute("""
                    INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, last_status_code, last_error, next_attempt_at, delivered_at)
                    VALUES (@webhookId, @e0, 'delivered', 1, 200, NULL, NULL, @delivered),
                           (@webhookId, @e1, 'failed', 3, 500, 'The receiver answered 500.', NULL, NULL),
                           (@webhookId, @e2, 'pending', 2, NULL, 'No answer within 10 s.', '2999-01-01T00:00:00.000Z', NULL),
                           (@webhookId, @e3, 'pending', 0, NULL, NULL, '2999-01-02T00:00:00.000Z', NULL)
                    """, new { webhookId, e0 = events[0], e1 = events[1], e2 = events[2], e3 = events[3], delivered });
            }

            await using var api = new Configured { Database = database, KeepDatabase = true };
            await api.InitializeAsync();
            var listed = (await api.Admin().GetOk($"/api/v1/webhooks/{webhookId}/deliveries")).GetProperty("items").EnumerateArray()
                .Select(d => string.Join("|", new[] { "eventId", "type", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "deliveredAt" }
                    .Select(n => d.TryGetProperty(n, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "-"))).ToList();
            listed.ShouldBe([
                $"evt_{events[3]}|unit.created|pending|0|-|-|2999-01-02T00:00:00.000Z|-",
                $"evt_{events[2]}|unit.created|pending|2|-|No answer within 10 s.|2999-01-01T00:00:00.000Z|-",
                $"evt_{events[1]}|unit.created|failed|3|500|The receiver answered 500.|-|-",
                $"evt_{events[0]}|unit.created|delivered|1|200|-|-|{delivered}",
            ]);
            using var connection = database.Open();
            connection.Query<(long, long, string)>("SELECT first_event_id, last_event_id, event_ids FROM webhook_delivery_chunks WHERE webhook_id = @webhookId ORDER BY first_event_id",
                new { webhookId }).ShouldBe(events.Select(e => (e, e, e.ToString(CultureInfo.InvariantCulture))).ToList());
        }
        finally
        {
            database.Drop();
        }
    }
}
