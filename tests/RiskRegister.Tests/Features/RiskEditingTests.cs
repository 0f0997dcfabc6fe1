namespace RiskRegister.Tests.Features;

public sealed class RiskEditingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_recomputes_score_and_level()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, new
        {
            title = "Leverantörsberoende", description = "Få leverantörer.", probability = 2, consequence = 2,
            handlingMethod = "bevakning", motivation = "Följs upp.", owner = "Inköpschef",
        });

        var changed = await client.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { consequence = 4, owner = "" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var risk = await changed.Json();
        risk.GetProperty("score").GetInt32().ShouldBe(8);
        risk.GetProperty("level").GetString().ShouldBe("yellow");
        risk.GetProperty("title").GetString().ShouldBe("Leverantörsberoende");
        risk.GetProperty("motivation").GetString().ShouldBe("Följs upp.");
        risk.GetProperty("owner").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_plans_risks_are_listed_highest_riskvarde_first()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        await client.AddRisk(planId, Risks.Lower("Låg", 1, 1));
        await client.AddRisk(planId, Risks.Granskning("Hög", 4, 4));
        await client.AddRisk(planId, Risks.Bevakning("Mellan", 2, 3));

        var list = await client.GetOk($"/api/v1/plans/{planId}/risks");
        list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("title").GetString()).ShouldBe(["Hög", "Mellan", "Låg"]);
    }

    [Fact]
    public async Task Removing_a_risk_removes_its_activities()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, Risks.Granskning());
        await client.AddActivity(riskId);

        (await client.DeleteAsync($"/api/v1/risks/{riskId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("risks").GetArrayLength().ShouldBe(0);
        using var db = api.Database.Open();
        db.ExecuteScalar<long>("SELECT COUNT(*) FROM activities WHERE risk_id = @riskId", new { riskId }).ShouldBe(0);
    }

    [Fact]
    public async Task A_deleted_risks_id_is_never_given_again_so_its_history_stays_its_own()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var deleted = await client.AddRisk(planId, Risks.Bevakning("Borttagen"));
        (await client.DeleteAsync($"/api/v1/risks/{deleted}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var next = await client.AddRisk(planId, Risks.Bevakning("Ny"));

        next.ShouldNotBe(deleted);
        var history = await client.GetOk($"/api/v1/risks/{next}/history");
        history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(["created"]);
    }

    [Fact]
    public async Task An_activity_is_added_changed_and_removed_on_a_draft()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, Risks.Granskning());
        var created = await client.PostAsJsonAsync($"/api/v1/risks/{riskId}/activities", Risks.Activity("2023-09-30"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var activity = await created.Json();
        activity.GetProperty("due").GetString().ShouldBe("2023-09-30");
        activity.GetProperty("status").GetString().ShouldBe("notStarted");
        var activityId = activity.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/risks/{riskId}/activities/{activityId}");

        var changed = await client.PatchAsJsonAsync($"/api/v1/risks/{riskId}/activities/{activityId}", new { due = "2023-11-15", responsible = "" });
        (await changed.Json()).GetProperty("due").GetString().ShouldBe("2023-11-15");
        (await changed.Json()).GetProperty("responsible").ValueKind.ShouldBe(JsonValueKind.Null);

        (await client.DeleteAsync($"/api/v1/risks/{riskId}/activities/{activityId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetOk($"/api/v1/risks/{riskId}")).GetProperty("activities").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Plans_are_listed_by_filter_and_paged_with_a_cursor()
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration("Sidindelning");
        foreach (var year in new[] { 2021, 2022, 2023 }) await client.CreatePlan(unitId, year);

        var first = await client.GetOk($"/api/v1/plans?unitId={unitId}&limit=2");
        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        var cursor = first.GetProperty("nextCursor").GetInt64();
        var second = await client.GetOk($"/api/v1/plans?unitId={unitId}&limit=2&cursor={cursor}");
        second.GetProperty("items").EnumerateArray().Single().GetProperty("year").GetInt32().ShouldBe(2023);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        (await client.GetOk($"/api/v1/plans?unitId={unitId}&year=2022&status=draft")).GetProperty("items").GetArrayLength().ShouldBe(1);
    }
}
