using System.Diagnostics;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// Reading a risk on PostgreSQL is one command (the risk with its plan's header, activities and follow-ups, its adoptions,
/// its goals), sent as a batch of those statements with the id by position (PostgresBatch), so Npgsql does not parse the
/// text for <c>@id</c> on every read. Counted as Npgsql's own tracing sees the commands, inside the request's activity.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class RiskReadRoundTripTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task A_risk_is_read_in_one_command_its_statements_numbered_by_position()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning för riskens rundresor");
        var plan = await admin.CreatePlan(unit, 2026);
        var risk = await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));
        // The key is looked up once and then remembered: the counted request reads the risk alone.
        (await admin.GetAsync($"/api/v1/risks/{risk}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var commands = new NpgsqlCommands();

        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/risks/{risk}");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await admin.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Json()).GetProperty("title").GetString().ShouldBe("Bristande attest");

        var ours = commands.In(trace);
        ours.Count.ShouldBe(1, string.Join("\n---\n", ours));
        ours[0].ShouldContain("$1");
        ours[0].ShouldNotContain("@id");
    }
}
