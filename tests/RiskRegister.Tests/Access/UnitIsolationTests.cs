namespace RiskRegister.Tests.Access;

/// <summary>NORV's two förvaltningar: each registrator works in its own plan and cannot see the other's.</summary>
public sealed class UnitIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_registrator_of_Medicinsk_service_can_neither_see_nor_change_Digitalisering_IT_och_MTs_plan()
    {
        var admin = api.Admin();
        var digitalisering = await admin.CreateAdministration("Digitalisering IT och MT");
        var medicinsk = await admin.CreateAdministration("Medicinsk service");
        var planId = await admin.CreatePlan(digitalisering, 2023);
        var riskId = await admin.AddRisk(planId, new
        {
            title = "Förflyttning från systemleverans till tjänsteleverans", description = "D", probability = 3, consequence = 2,
            handlingMethod = "granskning", motivation = "M",
        });
        var activityId = (await admin.AddActivity(riskId, new { description = "A", measure = "M", due = "2023-10-31" })).Id;
        var (_, key) = await admin.CreateApiClient("Registrator Medicinsk service", "registrator", medicinsk);
        var ms = api.WithKey(key);
        var planBefore = (await admin.GetOk($"/api/v1/plans/{planId}")).GetRawText();
        var historyBefore = api.HistoryCount();

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["GET plan"] = await ms.GetAsync($"/api/v1/plans/{planId}"),
            ["GET risks"] = await ms.GetAsync($"/api/v1/plans/{planId}/risks"),
            ["GET risk"] = await ms.GetAsync($"/api/v1/risks/{riskId}"),
            ["GET plan history"] = await ms.GetAsync($"/api/v1/plans/{planId}/history"),
            ["GET risk history"] = await ms.GetAsync($"/api/v1/risks/{riskId}/history"),
            ["POST risk"] = await ms.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", new { title = "T", description = "D", probability = 1, consequence = 1, handlingMethod = "none" }),
            ["PATCH risk"] = await ms.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { title = "Kapad" }),
            ["DELETE risk"] = await ms.DeleteAsync($"/api/v1/risks/{riskId}"),
            ["POST activity"] = await ms.PostAsJsonAsync($"/api/v1/risks/{riskId}/activities", new { description = "A", measure = "M", due = "2023-10-31" }),
            ["PATCH activity"] = await ms.PatchAsJsonAsync($"/api/v1/risks/{riskId}/activities/{activityId}", new { status = "done" }),
            ["DELETE activity"] = await ms.DeleteAsync($"/api/v1/risks/{riskId}/activities/{activityId}"),
            ["POST adoption"] = await ms.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" }),
            ["POST copy"] = await ms.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2024 }),
            ["POST closure"] = await ms.PostAsJsonAsync($"/api/v1/plans/{planId}/closure", new { }),
            ["PUT follow-up 1"] = await ms.PutAsJsonAsync($"/api/v1/risks/{riskId}/follow-ups/1", new { handlingStatus = "done", observations = "O", events = "E", probability = 1, consequence = 1 }),
            ["PUT follow-up 2"] = await ms.PutAsJsonAsync($"/api/v1/risks/{riskId}/follow-ups/2", new { result = "R", improvementAreas = "I", finalMotivation = "F", probability = 1, consequence = 1 }),
        };

        foreach (var (what, response) in responses)
        {
            ((int)response.StatusCode).ShouldBe(404, what);
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain("Förflyttning", customMessage: what); // nothing of the plan leaks into the answer
        }
        var list = await ms.GetOk($"/api/v1/plans?unitId={digitalisering}");
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await ms.PostAsJsonAsync("/api/v1/plans", new { unitId = digitalisering, year = 2025 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetOk($"/api/v1/plans/{planId}")).GetRawText().ShouldBe(planBefore);
        api.HistoryCount().ShouldBe(historyBefore);

        // …while in its own förvaltning it writes freely.
        var own = await ms.PostAsJsonAsync("/api/v1/plans", new { unitId = medicinsk, year = 2023 });
        own.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ownPlan = (await own.Json()).GetProperty("id").GetInt64();
        (await ms.PostAsJsonAsync($"/api/v1/plans/{ownPlan}/risks", new { title = "Aktivitet säker kemikaliehantering", description = "D", probability = 2, consequence = 3, handlingMethod = "bevakning", motivation = "M" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ms.GetOk($"/api/v1/plans/{ownPlan}/history")).GetProperty("items")[0].GetProperty("clientName").GetString().ShouldBe("Registrator Medicinsk service");
    }
}
