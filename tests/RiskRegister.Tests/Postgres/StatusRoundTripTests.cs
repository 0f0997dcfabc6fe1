using System.Diagnostics;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// On PostgreSQL every command is a round trip: the follow-up status of one unit (its subtree, its plans counted, their
/// kept round records) is one command, a page of a unit or of every unit, with or without a year or cursor. Counted as
/// Npgsql's own tracing sees the commands, inside the request's trace (started by this test's traceparent).
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class StatusRoundTripTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private const string TestSource = "RiskRegister.Tests.StatusRoundTrips";
    private static readonly ActivitySource Test = new(TestSource);

    [Fact]
    public async Task The_status_of_one_unit_is_one_command()
    {
        var admin = api.Admin();
        var board = (await admin.PostOk("/api/v1/units", new { name = "Nämnd för rundresor", kind = "board" })).GetProperty("id").GetInt64();
        var unit = (await admin.PostOk("/api/v1/units", new { name = "Förvaltning för rundresor", kind = "administration", parentId = board }))
            .GetProperty("id").GetInt64();
        var plan = await admin.CreatePlan(unit, 2026);
        await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));

        foreach (var (path, items) in new[]
        {
            ($"/api/v1/follow-up-status?year=2026&unitId={board}", 1),
            ($"/api/v1/follow-up-status?unitId={unit}&limit=1", 1),
            ($"/api/v1/follow-up-status?year=2026&unitId={board}&cursor={plan}", 0),
            ("/api/v1/follow-up-status?year=2026&limit=500", -1),
        })
        {
            using var commands = new NpgsqlCommands(TestSource);

            ActivityTraceId trace;
            using (var request = Test.StartActivity("status")!)
            {
                trace = request.TraceId;
                using var message = new HttpRequestMessage(HttpMethod.Get, path);
                message.Headers.Add("traceparent", request.Id);
                var response = await admin.SendAsync(message);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                var answer = (await response.Json()).GetProperty("items");
                if (items >= 0) answer.GetArrayLength().ShouldBe(items, path);
                else answer.EnumerateArray().ShouldContain(row => row.GetProperty("planId").GetInt64() == plan, path);
            }

            var ours = commands.In(trace);
            ours.Count.ShouldBe(1, path + "\n" + string.Join("\n---\n", ours));
        }
    }
}
