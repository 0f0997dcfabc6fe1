namespace RiskRegister.Tests.Features;

public sealed class AdoptionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(HttpClient Client, long PlanId)> Draft()
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration();
        return (client, await client.CreatePlan(unitId));
    }

    private static async Task<JsonElement> RefusedAdoption(HttpClient client, long planId)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", Risks.Decision);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Json();
        (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("status").GetString().ShouldBe("draft");
        return problem.GetProperty("errors");
    }

    [Fact]
    public async Task Adoption_is_refused_for_a_plan_without_risks()
    {
        var (client, planId) = await Draft();
        (await RefusedAdoption(client, planId)).TryGetProperty("risks", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Adoption_is_refused_when_a_granskning_risk_has_no_measure_and_timeline()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, Risks.Granskning());
        var errors = await RefusedAdoption(client, planId);
        errors.GetProperty("risks[0].activities")[0].GetString()!.ShouldContain("mätvärde");
    }

    [Fact]
    public async Task Adoption_is_refused_when_an_atgard_risk_has_no_activity()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, new { title = "Brandskydd", description = "Brister i brandskyddet.", probability = 2, consequence = 4, handlingMethod = "atgard", motivation = "Åtgärdas." });
        (await RefusedAdoption(client, planId)).TryGetProperty("risks[0].activities", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Adoption_is_refused_when_a_method_has_no_motivation()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, new { title = "Leveranser", description = "Försenade leveranser.", probability = 2, consequence = 2, handlingMethod = "bevakning" });
        (await RefusedAdoption(client, planId)).TryGetProperty("risks[0].motivation", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Adoption_is_refused_when_a_risk_has_no_description()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, new { title = "Utan beskrivning", probability = 1, consequence = 1, handlingMethod = "none" });
        (await RefusedAdoption(client, planId)).TryGetProperty("risks[0].description", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Adoption_is_refused_when_a_red_risk_has_neither_method_nor_motivation()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, Risks.Lower("Röd utan metod", 3, 4));
        (await RefusedAdoption(client, planId)).TryGetProperty("risks[0].handlingMethod", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_refused_adoption_lists_every_broken_rule()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, Risks.Granskning());
        await client.AddRisk(planId, Risks.Lower("Röd utan metod", 4, 4));
        await client.AddRisk(planId, new { title = "Utan motivering", description = "x", probability = 1, consequence = 2, handlingMethod = "bevakning" });
        var errors = await RefusedAdoption(client, planId);
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(
            ["risks[0].handlingMethod", "risks[1].activities", "risks[2].motivation"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_draft_shows_the_broken_rules_as_warnings_before_adoption()
    {
        var (client, planId) = await Draft();
        await client.AddRisk(planId, Risks.Granskning());
        var plan = await client.GetOk($"/api/v1/plans/{planId}");
        plan.GetProperty("adoptionIssues")[0].GetProperty("field").GetString().ShouldBe("risks[0].activities");
    }

    [Fact]
    public async Task A_complete_plan_is_adopted_with_its_decision_and_the_lower_risks_listed()
    {
        var (client, planId) = await Draft();
        var granskning = await client.AddRisk(planId, Risks.Granskning());
        await client.AddActivity(granskning);
        await client.AddRisk(planId, Risks.Lower());

        var plan = await client.PostOk($"/api/v1/plans/{planId}/adoption", Risks.Decision);

        plan.GetProperty("status").GetString().ShouldBe("adopted");
        plan.GetProperty("decision").GetProperty("date").GetString().ShouldBe("2023-04-26");
        plan.GetProperty("decision").GetProperty("caseNumber").GetString().ShouldBe("2023-POL000381");
        plan.GetProperty("risks").GetArrayLength().ShouldBe(2);
        plan.GetProperty("adoptionIssues").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Adoption_needs_date_paragraph_and_case_number()
    {
        var (client, planId) = await Draft();
        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", new { date = "2023-02-30" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").TryGetProperty("date", out _).ShouldBeTrue();

        response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", new { date = "2023-04-26" });
        var errors = (await response.Json()).GetProperty("errors");
        errors.TryGetProperty("paragraph", out _).ShouldBeTrue();
        errors.TryGetProperty("caseNumber", out _).ShouldBeTrue();
    }
}
