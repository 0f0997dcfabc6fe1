using RiskRegister.Api.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Demo;

namespace RiskRegister.Tests.Reports;

/// <summary>The service with "today" fixed, so due dates and lateness are testable.</summary>
public sealed class ReportsFixture : ApiFixture
{
    /// <summary>After round 1 was due for the 2023 plans (2023-09-30), before round 2 (2024-01-31).</summary>
    public static readonly DateTimeOffset Today = new(2023, 10, 15, 10, 0, 0, TimeSpan.Zero);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTime(Today)));
    }
}

public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>A seed-case plan as posted through the API: its id and its risks' ids by title.</summary>
public sealed record PostedPlan(long UnitId, long PlanId, IReadOnlyDictionary<string, long> RiskIds);

/// <summary>Posts <see cref="SeedCase"/> through the real HTTP API, step by step as a registrator would.</summary>
public static class SeedCases
{
    private static int norvPosts;

    public static async Task<(PostedPlan Digitalisering, PostedPlan MedicinskService)> PostNorvAsync(this HttpClient client, string? boardName = null)
    {
        // Posted again and again in one fixture: each time under a nämnd named apart (names are unique among siblings).
        var boardId = (await client.CreateBoard(boardName ?? $"{SeedCase.BoardName} ({Interlocked.Increment(ref norvPosts)})")).Id;
        var digitalisering = await client.PostPlanAsync(boardId, SeedCase.DigitaliseringPlan);
        var medicinsk = await client.PostPlanAsync(boardId, SeedCase.MedicinskServicePlan);
        return (digitalisering, medicinsk);
    }

    public static async Task<PostedPlan> PostPlanAsync(this HttpClient client, long boardId, DemoPlan plan, Func<DemoRisk, string>? title = null)
    {
        var unit = await client.CreateUnit(plan.UnitName, boardId);
        var unitId = unit.Id;
        var planId = await client.CreatePlan(unitId, plan.Year);
        var ids = new Dictionary<string, long>();
        foreach (var risk in plan.Risks)
        {
            var created = await client.CreateRisk(planId, new
            {
                title = title?.Invoke(risk) ?? risk.Title, description = risk.Description, probability = risk.Probability, consequence = risk.Consequence,
                handlingMethod = risk.HandlingMethod.ToApi(), motivation = risk.Motivation, category = risk.Category, owner = risk.Owner, goal = risk.Goal,
            });
            var riskId = created.Id;
            ids[risk.Title] = riskId;
            foreach (var a in risk.Activities)
            {
                var activity = await client.AddActivity(riskId, new { description = a.Description, measure = a.Measure, due = a.Due, responsible = a.Responsible });
                if (a.Status != HandlingStatus.NotStarted)
                {
                    var patched = await client.PatchAsJsonAsync($"/api/v1/risks/{riskId}/activities/{activity.Id}", new { status = a.Status.ToApi() }, ApiFixture.Json);
                    patched.EnsureSuccessStatusCode();
                }
            }
        }
        await client.Adopt(planId, new { date = plan.Decision.Date, paragraph = plan.Decision.Paragraph, caseNumber = plan.Decision.CaseNumber });
        foreach (var risk in plan.Risks)
        {
            if (risk.Round1 is { } r1)
                await client.RecordFollowUp1(ids[risk.Title], new
                {
                    handlingStatus = r1.HandlingStatus.ToApi(), observations = r1.Observations, events = r1.Events, probability = r1.Probability, consequence = r1.Consequence,
                });
            if (risk.Round2 is { } r2)
                await client.RecordFollowUp2(ids[risk.Title], new
                {
                    result = r2.Result, improvementAreas = r2.ImprovementAreas, finalMotivation = r2.FinalMotivation, probability = r2.Probability, consequence = r2.Consequence,
                });
        }
        return new PostedPlan(unitId, planId, ids);
    }

    /// <summary>A registrator client for the given units, created through the clients endpoint as an admin would.</summary>
    public static async Task<HttpClient> RegistratorFor(this ApiFixture api, params long[] unitIds)
    {
        var created = await api.Admin().CreateClient("registrator", "registrator", unitIds);
        return api.WithKey(created.Key);
    }
}
