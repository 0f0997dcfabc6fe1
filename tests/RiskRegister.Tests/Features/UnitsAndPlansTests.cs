namespace RiskRegister.Tests.Features;

public sealed class UnitsAndPlansTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Health_answers_without_a_key()
    {
        var response = await api.WithKey(null).GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Json()).GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task A_created_plan_is_a_draft_under_the_configured_scale()
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration();
        var response = await client.PostAsJsonAsync("/api/v1/plans", new { unitId, year = 2023 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/plans/{(await response.Json()).GetProperty("id").GetInt64()}");
        response.Headers.ETag.ShouldNotBeNull();
        var plan = await response.Json();
        plan.GetProperty("status").GetString().ShouldBe("draft");
        plan.GetProperty("scale").GetProperty("size").GetInt32().ShouldBe(4);
        plan.GetProperty("adoptionIssues")[0].GetProperty("field").GetString().ShouldBe("risks");
    }

    [Fact]
    public async Task A_second_plan_for_the_same_unit_and_year_is_a_conflict()
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration();
        await client.CreatePlan(unitId, 2024);

        var response = await client.PostAsJsonAsync("/api/v1/plans", new { unitId, year = 2024 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Json()).GetProperty("errors").GetProperty("year")[0].GetString()!.ShouldContain("one plan per unit and year");
    }

    [Fact]
    public async Task Unknown_plan_is_404_problem()
    {
        var response = await api.Admin().GetAsync("/api/v1/plans/987654");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Json()).GetProperty("status").GetInt32().ShouldBe(404);
    }
}
