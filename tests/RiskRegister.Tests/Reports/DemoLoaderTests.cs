using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Demo;

namespace RiskRegister.Tests.Reports;

/// <summary>The service started with <c>Demo:Load=true</c> on an empty database.</summary>
public sealed class DemoFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Demo:Load", "true")];
}

public sealed class DemoLoaderTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task The_demo_loads_the_two_NORV_plans_into_an_empty_database()
    {
        var client = api.Admin();

        var status = (await client.GetOk("/api/v1/follow-up-status?year=2023")).GetProperty("items").EnumerateArray().ToList();

        status.Select(r => r.GetProperty("unitName").GetString()).ShouldBe([SeedCase.Digitalisering, SeedCase.MedicinskService]);
        status.ShouldAllBe(r => r.GetProperty("boardName").GetString() == SeedCase.BoardName && r.GetProperty("status").GetString() == "adopted");
        status.Select(r => r.GetProperty("round1").GetProperty("total").GetInt32()).ShouldBe([5, 13]);
        status.Select(r => r.GetProperty("round1").GetProperty("done").GetInt32()).ShouldBe([5, 10]);
        // Each plan holds two kontrollmoment (one of its first risk, the attest control alone), with round 1's results.
        status.ShouldAllBe(r => r.GetProperty("round1").GetProperty("controls").GetProperty("done").GetInt32() == 2
            && r.GetProperty("round1").GetProperty("controls").GetProperty("total").GetInt32() == 2);
        var summary = await client.GetOk($"/api/v1/plans/{status[0].GetProperty("planId").GetInt64()}/summary");
        var change = summary.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("title").GetString().ShouldBe(SeedCase.Tjansteleverans);
        (change.GetProperty("from").GetProperty("score").GetInt32(), change.GetProperty("to").GetProperty("score").GetInt32()).ShouldBe((6, 9));
        summary.GetProperty("plan").GetProperty("decision").GetProperty("date").GetString().ShouldBe("2023-04-26");
        summary.GetProperty("controls").EnumerateArray().Select(c => c.GetProperty("riskId").ValueKind).ShouldBe([JsonValueKind.Number, JsonValueKind.Null]);
        // A review of a risk's activities is of a risk that has some; Medicinsk service's lower risks have none, and its
        // review is of the risk itself.
        foreach (var row in status)
        {
            var plan = await client.GetOk($"/api/v1/plans/{row.GetProperty("planId").GetInt64()}/summary");
            var review = plan.GetProperty("controls")[0];
            var reviewed = plan.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == review.GetProperty("riskId").GetInt64());
            var activities = reviewed.GetProperty("activities").GetArrayLength();
            review.GetProperty("title").GetString().ShouldBe(activities > 0 ? "Genomgång av riskens åtgärder i ledningsgruppen" : "Genomgång av risken i ledningsgruppen");
        }
    }

    [Fact]
    public async Task The_NORV_nämnd_holds_Region_Skånes_five_overall_goals_and_its_risks_link_to_the_goal_they_name()
    {
        var client = api.Admin();
        var board = await client.UnitNamed(SeedCase.BoardName, board: true);
        var goals = (await client.GetOk($"/api/v1/units/{board}/goals")).GetProperty("items").EnumerateArray().ToList();
        goals.Select(g => g.GetProperty("title").GetString()).ShouldBe(SeedCase.OverallGoals);
        var plan = (await client.GetOk("/api/v1/follow-up-status?year=2023")).GetProperty("items")[0].GetProperty("planId").GetInt64();
        var summary = await client.GetOk($"/api/v1/plans/{plan}/summary");
        var titles = goals.ToDictionary(g => g.GetProperty("id").GetInt64(), g => g.GetProperty("title").GetString());
        // Every risk naming one of the five goals links to it; the free text stays as written.
        foreach (var risk in summary.GetProperty("risks").EnumerateArray().Where(r => r.GetProperty("goal").GetString() is { } goal && SeedCase.OverallGoals.Contains(goal)))
            risk.GetProperty("goalIds").EnumerateArray().Select(id => titles[id.GetInt64()]).ShouldBe([risk.GetProperty("goal").GetString()]);
        summary.GetProperty("byGoal").GetArrayLength().ShouldBeGreaterThan(0);
        summary.GetProperty("controls").EnumerateArray().ShouldAllBe(c => c.GetProperty("goalIds").GetArrayLength() == 1);
        (await client.GetOk($"/api/v1/units/{board}/internal-control?year=2023")).GetProperty("byGoal").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_demo_holds_a_second_region_whose_nämnd_adopts_one_plan_for_itself_with_områden_below_its_förvaltning()
    {
        var client = api.Admin();
        var board = await client.UnitNamed(Vasterbotten.BoardName, board: true);
        var administration = (await client.Typed().ListUnitsAsync(null, limit: 500)).Items.Single(u => u.ParentId == board);
        var areas = (await client.Typed().ListUnitsAsync(RiskRegister.Client.UnitKind.Department, limit: 500)).Items.Where(u => u.ParentId == administration.Id);

        administration.Name.ShouldBe(Vasterbotten.Administration);
        areas.Select(a => a.Name).ShouldBe(Vasterbotten.Areas, ignoreOrder: true);
        var plan = (await client.Typed().ListPlansAsync(board, 2025, null, null, null)).Items.ShouldHaveSingleItem();
        var read = await client.Typed().GetPlanAsync(plan.Id);
        (read.DocumentTitle, read.Status).ShouldBe(("Tillsynsplan", RiskRegister.Client.PlanStatus.Adopted));
        read.Risks.Count.ShouldBe(Vasterbotten.Plan.Risks.Count);
        read.FollowUpDecision!.ShouldContain("delårsrapporten");
        // Written before the nämnd adopted it (2025-02-12), not after: the plan and the risks it was adopted with.
        var json = await client.GetOk($"/api/v1/plans/{plan.Id}");
        var adoptedOn = json.GetProperty("decision").GetProperty("date").GetString()!;
        string.CompareOrdinal(json.GetProperty("createdAt").GetString(), adoptedOn).ShouldBeLessThan(0);
        json.GetProperty("risks").EnumerateArray().Where(r => !r.TryGetProperty("addedInRevision", out var added) || added.ValueKind == System.Text.Json.JsonValueKind.Null)
            .ShouldAllBe(r => string.CompareOrdinal(r.GetProperty("createdAt").GetString(), adoptedOn) < 0);
        var report = await client.GetOk($"/api/v1/units/{board}/internal-control?year=2025");
        report.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("planId").GetInt64()).ShouldBe([plan.Id]);
        var html = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan.Id}/summary") { Headers = { { "Accept", "text/html" } } });
        (await html.Content.ReadAsStringAsync()).ShouldContain("<h1>Tillsynsplan 2025</h1>");
    }

    [Fact]
    public async Task The_demo_is_skipped_when_the_database_already_has_units()
    {
        var client = api.Admin();
        var before = (await client.GetOk("/api/v1/units")).GetRawText();

        var loaded = await api.Services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync(CancellationToken.None);

        loaded.ShouldBeFalse();
        (await client.GetOk("/api/v1/units")).GetRawText().ShouldBe(before);
    }
}
