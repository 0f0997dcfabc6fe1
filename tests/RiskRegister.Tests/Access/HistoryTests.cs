namespace RiskRegister.Tests.Access;

public sealed class HistoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static object Risk(string title, int probability = 2, int consequence = 2, string method = "bevakning") => new
    {
        title, description = "Beskriven utifrån nämndens uppdrag.", probability, consequence, handlingMethod = method,
        motivation = "Bevakas i linjen.",
    };

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Every_kind_of_write_in_a_plan_is_in_its_history_newest_first_with_before_and_after()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration();
        var planId = await admin.CreatePlan(unitId, 2023);
        var kept = await admin.AddRisk(planId, Risk("Kompetensförsörjning"));
        var removed = await admin.AddRisk(planId, Risk("Tillfällig risk"));
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{kept}", new { probability = 3 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/v1/risks/{removed}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var activity = (await admin.AddActivity(kept, new { description = "Rekrytera", measure = "Tjänster tillsatta", due = "2023-09-30" })).Id;
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{kept}/activities/{activity}", new { measure = "Alla tjänster tillsatta" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var extra = (await admin.AddActivity(kept, new { description = "Extra", measure = "M", due = "2023-12-31" })).Id;
        (await admin.DeleteAsync($"/api/v1/risks/{kept}/activities/{extra}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await admin.Adopt(planId, new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" });
        await admin.RecordFollowUp1(kept, new { handlingStatus = "inProgress", observations = "O", events = "E", probability = 3, consequence = 3 });
        await admin.RecordFollowUp2(kept, new { result = "R", improvementAreas = "I", finalMotivation = "F", probability = 2, consequence = 2 });
        await admin.Close(planId);
        var copyId = (await admin.Copy(planId, 2024)).Id;

        var history = Items(await admin.GetOk($"/api/v1/plans/{planId}/history"));

        history.Select(h => $"{h.GetProperty("entity").GetString()} {h.GetProperty("action").GetString()}").ShouldBe([
            "plan closed", "followUp2 recorded", "followUp1 recorded", "plan adopted",
            "activity deleted", "activity created", "activity changed", "activity created",
            "risk deleted", "risk changed", "risk created", "risk created", "plan created",
        ]);
        history.Select(h => h.GetProperty("id").GetInt64()).ShouldBeInOrder(SortDirection.Descending);
        history.ShouldAllBe(h => h.GetProperty("clientName").GetString() == "bootstrap-admin" && h.GetProperty("at").GetString()!.EndsWith('Z'));
        var changed = history.Single(h => h.GetProperty("action").GetString() == "changed" && h.GetProperty("entity").GetString() == "risk");
        changed.GetProperty("before").GetProperty("probability").GetInt32().ShouldBe(2);
        changed.GetProperty("after").GetProperty("probability").GetInt32().ShouldBe(3);
        changed.GetProperty("after").GetProperty("score").GetInt32().ShouldBe(6);
        var deleted = history.Single(h => h.GetProperty("action").GetString() == "deleted" && h.GetProperty("entity").GetString() == "risk");
        deleted.GetProperty("before").GetProperty("title").GetString().ShouldBe("Tillfällig risk");
        deleted.GetProperty("after").ValueKind.ShouldBe(JsonValueKind.Null);
        var activityChange = history.Single(h => h.GetProperty("action").GetString() == "changed" && h.GetProperty("entity").GetString() == "activity");
        activityChange.GetProperty("before").GetProperty("measure").GetString().ShouldBe("Tjänster tillsatta");
        activityChange.GetProperty("after").GetProperty("measure").GetString().ShouldBe("Alla tjänster tillsatta");
        history.Single(h => h.GetProperty("action").GetString() == "adopted").GetProperty("after").GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 12");
        var round1 = history.Single(h => h.GetProperty("entity").GetString() == "followUp1");
        round1.GetProperty("before").ValueKind.ShouldBe(JsonValueKind.Null);
        round1.GetProperty("after").GetProperty("trend").GetString().ShouldBe("increased");
        history.Single(h => h.GetProperty("entity").GetString() == "followUp2").GetProperty("after").GetProperty("finalScore").GetInt32().ShouldBe(4);
        history.Single(h => h.GetProperty("action").GetString() == "closed").GetProperty("after").GetProperty("status").GetString().ShouldBe("closed");

        var copy = Items(await admin.GetOk($"/api/v1/plans/{copyId}/history")).ShouldHaveSingleItem();
        copy.GetProperty("action").GetString().ShouldBe("copied");
        copy.GetProperty("before").GetProperty("copiedFromPlanId").GetInt64().ShouldBe(planId);
        copy.GetProperty("after").GetProperty("carriedRisks").GetArrayLength().ShouldBe(1);   // which risks, not each whole

        var riskHistory = Items(await admin.GetOk($"/api/v1/risks/{kept}/history"));
        riskHistory.Select(h => h.GetProperty("entity").GetString()).ShouldBe(["followUp2", "followUp1", "activity", "activity", "activity", "activity", "risk", "risk"]);
    }

    [Fact]
    public async Task A_deleted_risks_history_stays_readable_to_those_who_may_see_its_plan()
    {
        var admin = api.Admin();
        var own = await admin.CreateAdministration("Digitalisering IT och MT");
        var other = await admin.CreateAdministration("Medicinsk service");
        var planId = await admin.CreatePlan(own, 2023);
        var riskId = await admin.AddRisk(planId, Risk("Borttagen risk"));
        (await admin.DeleteAsync($"/api/v1/risks/{riskId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (_, auditorKey) = await admin.CreateApiClient("Revisor", "auditor");
        var (_, ownKey) = await admin.CreateApiClient("Registrator DIM", "registrator", own);
        var (_, otherKey) = await admin.CreateApiClient("Registrator MS", "registrator", other);

        (await api.WithKey(ownKey).GetAsync($"/api/v1/risks/{riskId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var forAuditor = Items(await api.WithKey(auditorKey).GetOk($"/api/v1/risks/{riskId}/history"));
        var forOwner = Items(await api.WithKey(ownKey).GetOk($"/api/v1/risks/{riskId}/history"));
        var forOther = await api.WithKey(otherKey).GetAsync($"/api/v1/risks/{riskId}/history");

        forAuditor.Select(h => h.GetProperty("action").GetString()).ShouldBe(["deleted", "created"]);
        forAuditor[0].GetProperty("riskId").GetInt64().ShouldBe(riskId);
        forAuditor[0].GetProperty("planId").GetInt64().ShouldBe(planId);
        forOwner.Count.ShouldBe(2);
        forOther.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.WithKey(otherKey).GetAsync($"/api/v1/plans/{planId}/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/v1/risks/987654/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_is_paged_newest_first_with_a_cursor()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration(), 2023);
        for (var i = 1; i <= 4; i++)
            await admin.CreateRisk(planId, Risk($"Risk {i}"));

        var first = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=2");
        var second = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=2&cursor={first.GetProperty("nextCursor").GetInt64()}");
        var third = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=2&cursor={second.GetProperty("nextCursor").GetInt64()}");

        var titles = Items(first).Concat(Items(second)).Concat(Items(third))
            .Select(h => h.GetProperty("after").GetProperty("title").ValueKind == JsonValueKind.String ? h.GetProperty("after").GetProperty("title").GetString() : "plan")
            .ToList();
        titles.ShouldBe(["Risk 4", "Risk 3", "Risk 2", "Risk 1", "plan"]);
        third.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        (await admin.GetAsync($"/api/v1/plans/{planId}/history?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_rejected_write_leaves_history_and_data_unchanged()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration(), 2023);
        var created = await admin.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risk("Röd risk utan åtgärd", 4, 4, "granskning"));
        var riskId = (await created.Json()).GetProperty("id").GetInt64();
        var etag = created.Headers.ETag!.Tag;
        var before = api.HistoryCount();
        var riskBefore = (await admin.GetOk($"/api/v1/risks/{riskId}")).GetRawText();

        var invalid = await admin.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { probability = 9 });
        var conflict = await admin.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" });
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { title = "Ändrad" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterChange = api.HistoryCount();
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}") { Content = JsonContent.Create(new { title = "Skriver över" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var precondition = await admin.SendAsync(stale);
        var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/risks/{riskId}");
        staleDelete.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var preconditionDelete = await admin.SendAsync(staleDelete);

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        afterChange.ShouldBe(before + 1);
        precondition.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await precondition.Json()).GetProperty("status").GetInt32().ShouldBe(412);
        preconditionDelete.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        api.HistoryCount().ShouldBe(afterChange);
        var riskAfter = await admin.GetOk($"/api/v1/risks/{riskId}");
        riskAfter.GetProperty("title").GetString().ShouldBe("Ändrad");
        riskAfter.GetProperty("probability").GetInt32().ShouldBe(4);
        riskBefore.ShouldContain("Röd risk utan åtgärd");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task History_cannot_be_written_through_the_api(string method)
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration(), 2023);
        var before = api.HistoryCount();

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/plans/{planId}/history") { Content = JsonContent.Create(new { }) });

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        api.HistoryCount().ShouldBe(before);
    }
}
