namespace RiskRegister.Tests.Features;

/// <summary>draft → adopted → closed, and what each state allows.</summary>
public sealed class StateMachineTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Follow_ups_are_refused_on_a_draft()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, Risks.Bevakning());
        var response = await client.PutAsJsonAsync($"/api/v1/risks/{riskId}/follow-ups/1", Risks.Round1());
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("draft");
    }

    [Fact]
    public async Task After_adoption_the_risk_assessment_is_frozen()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan();

        (await client.PatchAsJsonAsync($"/api/v1/risks/{bevakning}", new { probability = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.DeleteAsync($"/api/v1/risks/{bevakning}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risks.Lower())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/risks/{granskning}/activities", Risks.Activity())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", Risks.Decision)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetOk($"/api/v1/risks/{bevakning}")).GetProperty("probability").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task After_adoption_only_an_activitys_status_changes()
    {
        var client = api.Admin();
        var (_, _, granskning) = await client.AdoptedPlan();
        var activityId = (await client.Typed().GetRiskAsync(granskning)).Activities[0].Id;

        var refused = await client.PatchAsJsonAsync($"/api/v1/risks/{granskning}/activities/{activityId}", new { measure = "Nytt mätvärde" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var changed = await client.PatchAsJsonAsync($"/api/v1/risks/{granskning}/activities/{activityId}", new { status = "done" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Json()).GetProperty("status").GetString().ShouldBe("done");
        (await changed.Json()).GetProperty("measure").GetString().ShouldBe("Andel korrekta behörigheter");
    }

    [Fact]
    public async Task Round_2_needs_round_1_first()
    {
        var client = api.Admin();
        var (_, bevakning, _) = await client.AdoptedPlan();
        var response = await client.PutAsJsonAsync($"/api/v1/risks/{bevakning}/follow-ups/2", Risks.Round2());
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetOk($"/api/v1/risks/{bevakning}")).GetProperty("followUp2").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_plan_closes_only_when_every_risk_has_round_2_and_then_refuses_follow_ups()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan();
        foreach (var riskId in new[] { bevakning, granskning })
            await client.RecordFollowUp1(riskId);
        await client.RecordFollowUp2(bevakning);

        var early = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/closure", new { });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Json()).GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!.ShouldContain("Informationssäkerhet");

        await client.RecordFollowUp2(granskning);
        var closed = await client.PostOk($"/api/v1/plans/{planId}/closure", new { });
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("closedAt").GetString().ShouldNotBeNullOrEmpty();

        (await client.PutAsJsonAsync($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(1, 1))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/plans/{planId}/closure", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_draft_cannot_be_closed()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        (await client.PostAsJsonAsync($"/api/v1/plans/{planId}/closure", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Closure_needs_no_body_even_when_a_json_content_type_is_sent()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/v1/plans/{planId}/closure", empty);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict); // a draft: refused for its state, not for the body
        (await response.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("draft");
    }

    [Fact]
    public async Task Round_1_can_be_corrected_and_the_trend_follows()
    {
        var client = api.Admin();
        var (_, bevakning, _) = await client.AdoptedPlan();
        (await client.PutOk($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(3, 3))).GetProperty("trend").GetString().ShouldBe("increased");
        var corrected = await client.PutOk($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(1, 2));
        corrected.GetProperty("score").GetInt32().ShouldBe(2);
        corrected.GetProperty("trend").GetString().ShouldBe("decreased");
        (await client.PutOk($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(3, 2))).GetProperty("trend").GetString().ShouldBe("unchanged");
    }

    [Fact]
    public async Task Round_2s_trend_compares_with_round_1()
    {
        var client = api.Admin();
        var (_, bevakning, _) = await client.AdoptedPlan();
        await client.RecordFollowUp1(bevakning, Risks.Round1(3, 3));
        var round2 = await client.PutOk($"/api/v1/risks/{bevakning}/follow-ups/2", Risks.Round2(2, 3));
        round2.GetProperty("finalScore").GetInt32().ShouldBe(6);
        round2.GetProperty("level").GetString().ShouldBe("yellow");
        round2.GetProperty("trend").GetString().ShouldBe("decreased");
    }
}
