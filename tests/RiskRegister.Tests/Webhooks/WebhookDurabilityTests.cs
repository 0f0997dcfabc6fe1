using RiskRegister.Api.Infrastructure;
using RiskRegister.Tests.Postgres;

namespace RiskRegister.Tests.Webhooks;

/// <summary>Deliveries outlive a restart, and with two instances on one PostgreSQL database each is made once.</summary>
public sealed class WebhookDurabilityTests
{
    private static IEnumerable<KeyValuePair<string, string?>> Fast(string delays = "0.2s,0.2s,0.2s") =>
        [new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Receiver.Ports), new("Webhooks:RetryDelays", delays), new("Webhooks:PollMilliseconds", "100"), new("Webhooks:TimeoutSeconds", "2")];

    private sealed class Configured(IEnumerable<KeyValuePair<string, string?>> settings) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => settings;
    }

    [Fact]
    public async Task A_restart_between_attempts_loses_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        var database = TestDatabase.Create();
        long planId;
        // A long wait before the retry: the first service is gone before it is due.
        await using (var first = new Configured(Fast("2s")) { Database = database, KeepDatabase = true })
        {
            await first.InitializeAsync();
            var admin = first.Admin();
            var unitId = await admin.CreateAdministration("Omstart");
            await admin.CreateWebhook(new { url = receiver.Address.ToString(), types = new[] { "plan.created" } });
            receiver.Answers.Enqueue(503);
            planId = await admin.CreatePlan(unitId);
            (await receiver.WaitForAsync(r => r.Count >= 1)).Count.ShouldBe(1);
        }
        await using var second = new Configured(Fast("2s")) { Database = database };
        await second.InitializeAsync();
        var received = await receiver.WaitForAsync(r => r.Count >= 2);
        received.Count.ShouldBe(2);
        received[1].Id.ShouldBe(received[0].Id);
        JsonDocument.Parse(received[1].Body).RootElement.GetProperty("planId").GetInt64().ShouldBe(planId);
    }

    [Fact]
    [Trait("Database", "PostgreSQL")]
    public async Task Two_instances_on_one_PostgreSQL_database_deliver_each_event_once()
    {
        await using var receiver = await Receiver.StartAsync();
        var database = TestDatabase.Create(DatabaseProvider.Postgres);
        await using var first = new Configured(Fast()) { Database = database, KeepDatabase = true };
        await using var second = new Configured(Fast()) { Database = database, KeepDatabase = true };
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            var admin = first.Admin();
            await admin.CreateWebhook(new { url = receiver.Address.ToString() });
            for (var i = 0; i < 10; i++)
                await (i % 2 == 0 ? first : second).Admin().CreateAdministration($"Två instanser {i}");

            var received = await receiver.WaitForAsync(r => r.Count >= 20);
            await Task.Delay(1000);   // time for a duplicate to arrive, if one would
            received = receiver.Received.ToList();
            received.Count.ShouldBe(20);   // ten nämnder and ten förvaltningar created
            received.Select(r => r.Id).Distinct().Count().ShouldBe(20);
            received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("cursor").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            database.Drop();
        }
    }
}
