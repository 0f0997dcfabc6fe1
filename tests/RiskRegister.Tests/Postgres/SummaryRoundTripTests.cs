using System.Diagnostics;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// On PostgreSQL every command is a round trip: a plan's summary reads the plan, its risks and controls and the units
/// above it (the nämnd's name) in one, and a second only for what a plan has beyond that (revisions, linked goals).
/// Counted as Npgsql's own tracing sees the commands, inside an activity of this test's.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class SummaryRoundTripTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private const string TestSource = "RiskRegister.Tests.SummaryRoundTrips";
    private static readonly ActivitySource Test = new(TestSource);

    [Fact]
    public async Task A_summary_of_a_plan_without_revisions_or_goals_is_one_command()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning för rundresor");
        var plan = await admin.CreatePlan(unit, 2026);
        await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));

        using var commands = new NpgsqlCommands(TestSource);

        ActivityTraceId trace;
        using (var summary = Test.StartActivity("summary")!)
        {
            trace = summary.TraceId;
            await using var document = await SummaryDocument.BuildAsync(api.Services.GetRequiredService<DocumentGate>(), api.Services.GetRequiredService<Db>(),
                api.Services.GetRequiredService<AdoptionPolicy>(), api.Services, plan, Disclosure.Full, RiskRegister.Api.Features.Reports.DocumentFormat.Json, _ => true, DateTimeOffset.UtcNow,
                new RiskRegister.Api.Features.FollowUps.RoundDays(new RiskRegister.Api.Features.FollowUps.FollowUpSettings(), DateOnly.FromDateTime(DateTime.Today)), CancellationToken.None);
            document.ShouldNotBeNull();
        }

        var ours = commands.In(trace);
        ours.Count.ShouldBe(1, string.Join("\n---\n", ours));
        // A batch of its statements with the id by position (PostgresBatch): not parsed by Npgsql on every read.
        ours[0].ShouldContain("$1");
        ours[0].ShouldNotContain("@id");
    }
}
