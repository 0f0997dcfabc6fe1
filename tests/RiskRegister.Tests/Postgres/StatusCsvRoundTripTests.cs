using System.Diagnostics;
using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// The year's CSV over every plan on PostgreSQL: after its first batch (written before the rest of the year is ordered),
/// the rest of the year's batches go to the database in one command and are written one after the other as it answers,
/// instead of one round trip each; the rows are the same and in the report's order. Counted as Npgsql's own tracing
/// sees the commands, inside the request's trace (started by this test's traceparent).
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class StatusCsvRoundTripTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private const string TestSource = "RiskRegister.Tests.StatusCsvRoundTrips";
    private static readonly ActivitySource Test = new(TestSource);

    [Fact]
    public async Task The_rest_of_a_years_batches_are_one_command()
    {
        const int year = 2091;
        var plans = Endpoint.CsvFirstBatch + 2 * Endpoint.CsvBatch + 7;   // the first batch, then three batches in one command
        var admin = api.Admin();
        var board = (await admin.PostOk("/api/v1/units", new { name = "Nämnd för CSV-rundresor", kind = "board" })).GetProperty("id").GetInt64();
        await using (var connection = api.Database.Open())
            await connection.ExecuteAsync("""
                INSERT INTO units (name, kind, parent_id, created_at)
                    SELECT 'CSV-förvaltning ' || lpad(n::text, 5, '0'), 'administration', @board, '2026-01-01' FROM generate_series(1, @plans) n;
                INSERT INTO plans (unit_id, year, scale, created_at, updated_at)
                    SELECT u.id, @year, '{}', '2026-01-01', '2026-01-01' FROM units u WHERE u.parent_id = @board;
                """, new { board, plans, year });

        // The key is looked up again after the unit's creation and then remembered: the counted request reads the report alone.
        (await admin.GetAsync($"/api/v1/follow-up-status?year={year}&limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var commands = new NpgsqlCommands(TestSource);
        ActivityTraceId trace;
        string csv;
        using (var request = Test.StartActivity("csv")!)
        {
            trace = request.TraceId;
            using var message = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?year={year}");
            message.Headers.Add("traceparent", request.Id);
            message.Headers.Accept.ParseAdd("text/csv");
            var response = await admin.SendAsync(message);
            csv = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, csv);
        }

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();   // the separator line and the header
        rows.Count.ShouldBe(plans);
        rows.Select(row => row.Split(',')[2]).ShouldBe(Enumerable.Range(1, plans).Select(n => $"CSV-förvaltning {n:00000}"));
        // The first 100 in order, their batch, the rest of the year in order, the rest's batches: four commands.
        var ours = commands.In(trace);
        ours.Count.ShouldBe(4, string.Join("\n---\n", ours));
    }
}
