using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using RiskRegister.Api.Features.FollowUps;

namespace RiskRegister.Tests.Features;

/// <summary>The service on a clock the test moves, looking for reminders five times a second.</summary>
public sealed class ClockedApi : ApiFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2023, 9, 1, 8, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("FollowUps:Reminders", "true"), new("FollowUps:ReminderScanMinutes", "0.003"), new("FollowUps:RemindDaysBefore", "14")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class FollowUpReminderTests(ClockedApi api) : IClassFixture<ClockedApi>
{
    private async Task<List<(string Type, int Round)>> Reminders(long planId)
    {
        var page = await api.Admin().GetOk("/api/v1/events?limit=500&type=followUp.dueSoon,followUp.overdue");
        return page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("planId").GetInt64() == planId)
            .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("round").GetInt32())).ToList();
    }

    private async Task<List<(string Type, int Round)>> After(TimeSpan wait, long planId)
    {
        await Task.Delay(wait);   // several scans
        return await Reminders(planId);
    }

    [Fact]
    public async Task Each_reminder_comes_once_per_plan_and_round_as_the_clock_passes_the_due_dates()
    {
        var admin = api.Admin();
        var (planId, bevakningId, granskningId) = await admin.AdoptedPlan(2023);
        var wait = TimeSpan.FromMilliseconds(800);
        (await After(wait, planId)).ShouldBeEmpty();   // 1 September: round 1 is due 30 September, 29 days off

        api.Clock.SetUtcNow(new DateTimeOffset(2023, 9, 20, 8, 0, 0, TimeSpan.Zero));
        (await After(wait, planId)).ShouldBe([("followUp.dueSoon", 1)]);
        (await After(wait, planId)).ShouldBe([("followUp.dueSoon", 1)]);   // once, however many scans

        api.Clock.SetUtcNow(new DateTimeOffset(2023, 10, 1, 8, 0, 0, TimeSpan.Zero));
        (await After(wait, planId)).ShouldBe([("followUp.dueSoon", 1), ("followUp.overdue", 1)]);
        var overdue = (await admin.GetOk("/api/v1/events?limit=500&type=followUp.overdue")).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("planId").GetInt64() == planId);
        overdue.GetProperty("data").GetProperty("due").GetString().ShouldBe("2023-09-30");
        overdue.GetProperty("data").GetProperty("total").GetInt32().ShouldBe(2);
        overdue.GetProperty("actor").ValueKind.ShouldBe(JsonValueKind.Null);

        // Round 1 recorded for every risk: nothing more about round 1; round 2 is due 31 January, and its time comes.
        await admin.RecordFollowUp1(bevakningId, Risks.Round1(2, 3));
        await admin.RecordFollowUp1(granskningId);
        api.Clock.SetUtcNow(new DateTimeOffset(2024, 2, 1, 8, 0, 0, TimeSpan.Zero));
        (await After(wait, planId)).ShouldBe([("followUp.dueSoon", 1), ("followUp.overdue", 1), ("followUp.overdue", 2)]);
    }

    [Theory]
    [InlineData(0, 2, "2023-09-30", "2023-09-01", null)]
    [InlineData(0, 2, "2023-09-30", "2023-09-16", "dueSoon")]
    [InlineData(1, 2, "2023-09-30", "2023-09-30", "dueSoon")]
    [InlineData(1, 2, "2023-09-30", "2023-10-01", "overdue")]
    [InlineData(2, 2, "2023-09-30", "2023-10-01", null)]
    [InlineData(0, 0, "2023-09-30", "2023-10-01", null)]
    public void The_rule(int done, int total, string due, string today, string? expected) =>
        FollowUpReminders.Due(done, total, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), 14).ShouldBe(expected);
}
