using System.Diagnostics;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// On PostgreSQL every command is a round trip: a page of a plan's history reads the plan's header (which decides who
/// may read it) and the page in one command, not the header in one and the page in a second. Counted as Npgsql's own
/// tracing sees the commands, inside the request's activity (its parent sent as <c>traceparent</c>).
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class HistoryRoundTripTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task A_page_of_a_plans_history_is_one_command_with_the_plans_header()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning för historikens rundresor");
        var plan = await admin.CreatePlan(unit, 2026);
        await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));
        // The key is looked up once and then remembered: the counted request reads the history alone.
        (await admin.GetAsync($"/api/v1/plans/{plan}/history?limit=50")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var commands = new NpgsqlCommands();

        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/history?limit=50");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await admin.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Json()).GetProperty("items").GetArrayLength().ShouldBe(2);   // the plan created, the risk added

        var ours = commands.In(trace);
        ours.Count.ShouldBe(1, string.Join("\n---\n", ours));
    }
}
