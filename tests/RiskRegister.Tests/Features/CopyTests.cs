namespace RiskRegister.Tests.Features;

public sealed class CopyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Copying_starts_next_years_draft_with_each_risk_linked_to_its_origin_at_its_latest_value()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan(2023);
        await client.RecordFollowUp1(bevakning, Risks.Round1(3, 3));
        await client.RecordFollowUp2(bevakning, Risks.Round2(4, 3));

        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2024 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var copy = await response.Json();
        copy.GetProperty("year").GetInt32().ShouldBe(2024);
        copy.GetProperty("status").GetString().ShouldBe("draft");
        copy.GetProperty("copiedFromPlanId").GetInt64().ShouldBe(planId);
        var risks = copy.GetProperty("risks").EnumerateArray().ToDictionary(r => r.GetProperty("copiedFromRiskId").GetInt64());
        risks.Keys.ShouldBe([bevakning, granskning], ignoreOrder: true);
        risks[bevakning].GetProperty("score").GetInt32().ShouldBe(12); // the slutligt riskvärde 4×3
        risks[granskning].GetProperty("score").GetInt32().ShouldBe(9); // never followed up: the adopted value
        risks[granskning].GetProperty("handlingMethod").GetString().ShouldBe("granskning");
        risks[granskning].GetProperty("followUp1").ValueKind.ShouldBe(JsonValueKind.Null);
        // The unfinished activity comes over as a proposal, not started, a year on; uppföljning 2's improvement areas
        // come over as a new activity of their risk (api.md: the copy carries the year forward).
        var unfinished = risks[granskning].GetProperty("activities").EnumerateArray().Single();
        unfinished.GetProperty("description").GetString().ShouldBe("Stickprov av behörigheter");
        unfinished.GetProperty("due").GetString().ShouldBe("2024-10-31");
        unfinished.GetProperty("status").GetString().ShouldBe("notStarted");
        unfinished.GetProperty("carriedOver").GetBoolean().ShouldBeTrue();
        var improvement = risks[bevakning].GetProperty("activities").EnumerateArray().Single();
        improvement.GetProperty("description").GetString()!.ShouldEndWith("Fortsatt bevakning.");
        improvement.GetProperty("carriedOver").GetBoolean().ShouldBeTrue();
        (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("status").GetString().ShouldBe("adopted");
    }

    [Fact]
    public async Task Copying_into_a_year_that_already_has_a_plan_is_a_conflict()
    {
        var client = api.Admin();
        var (planId, _, _) = await client.AdoptedPlan(2023);
        await client.Copy(planId, 2024);
        var before = DatabaseSnapshot.Take(api.Database);

        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2024 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task Copying_backwards_in_time_is_refused()
    {
        var client = api.Admin();
        var (planId, _, _) = await client.AdoptedPlan(2023);
        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2022 });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").TryGetProperty("year", out _).ShouldBeTrue();
    }
}
