using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features;

/// <summary>GET /api/v1/events: every change, in order, written with the change itself.</summary>
public sealed class EventsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<List<JsonElement>> ReadAll(HttpClient client, string query, long after = 0)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var page = await client.GetOk($"/api/v1/events?after={after}&limit=3{query}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            events.AddRange(items);
            var next = page.GetProperty("nextCursor").GetInt64();
            if (items.Count == 0)
            {
                next.ShouldBe(after);   // an empty page keeps the cursor
                return events;
            }
            next.ShouldBe(items[^1].GetProperty("cursor").GetInt64());
            after = next;
        }
    }

    [Fact]
    public async Task The_cycle_appears_in_order_and_a_refused_adoption_leaves_no_event()
    {
        var admin = api.Admin();
        var start = (await admin.GetOk("/api/v1/events?limit=500")).GetProperty("nextCursor").GetInt64();
        var unitId = await admin.CreateAdministration("Händelser");
        var planId = await admin.CreatePlan(unitId);
        var riskId = await admin.AddRisk(planId, Risks.Granskning());
        // Refused: the granskning risk has no activity yet. Nothing of it may reach the feed.
        (await admin.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", Risks.Decision)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await admin.AddActivity(riskId);
        await admin.Adopt(planId);
        await admin.RecordFollowUp1(riskId);

        var events = (await ReadAll(admin, "", start)).Where(e => e.GetProperty("unitId").ValueKind == JsonValueKind.Number && e.GetProperty("unitId").GetInt64() == unitId).ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["unit.created", "plan.created", "risk.created", "activity.created", "plan.adopted", "followUp1.recorded"]);
        events.Select(e => e.GetProperty("cursor").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        events.ShouldAllBe(e => e.GetProperty("id").GetString() == "evt_" + e.GetProperty("cursor").GetInt64());
        var adopted = events.Single(e => e.GetProperty("type").GetString() == "plan.adopted");
        adopted.GetProperty("planId").GetInt64().ShouldBe(planId);
        adopted.GetProperty("actor").GetString().ShouldBe("bootstrap-admin");
        adopted.GetProperty("data").GetProperty("status").GetString().ShouldBe("adopted");
        var created = events.Single(e => e.GetProperty("type").GetString() == "risk.created");
        created.GetProperty("riskId").GetInt64().ShouldBe(riskId);
        created.GetProperty("data").GetProperty("title").GetString().ShouldBe("Informationssäkerhet");
        DateTimeOffset.Parse(created.GetProperty("occurredAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset.ShouldBe(TimeSpan.Zero);

        // Filters: by type, and by unit.
        (await ReadAll(admin, "&type=plan.adopted,risk.created&unitId=" + unitId, start)).Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["risk.created", "plan.adopted"]);
    }

    [Fact]
    public async Task A_registrators_feed_holds_only_its_own_units_and_clients_never_appear()
    {
        var admin = api.Admin();
        var own = await admin.CreateAdministration("Egen förvaltning");
        var other = await admin.CreateAdministration("Annan förvaltning");
        await admin.CreatePlan(own);
        await admin.CreatePlan(other);
        var (_, key) = await admin.CreateApiClient("Registrator", "registrator", own);

        var seen = await ReadAll(api.WithKey(key), "");
        seen.ShouldNotBeEmpty();
        seen.ShouldAllBe(e => e.GetProperty("unitId").GetInt64() == own);
        (await ReadAll(admin, "")).ShouldNotContain(e => e.GetProperty("type").GetString()!.StartsWith("client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_type_is_a_problem_naming_the_field()
    {
        var response = await api.Admin().GetAsync("/api/v1/events?type=risk.exploded");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").GetProperty("type")[0].GetString()!.ShouldContain("risk.changed");
    }
}
