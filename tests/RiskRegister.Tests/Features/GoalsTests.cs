using System.Net.Http.Json;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Goals as data: a region's overall goals on its nämnd, a förvaltning's goal under one of them, risks and controls
/// linked to goals their plan's unit sees, the links read per goal across the subtree, refused deletions, copies.
/// </summary>
public sealed class GoalsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static int regions;

    /// <summary>A nämnd with two förvaltningar (the second a sibling that must not see the first's goals) and a department under the first.</summary>
    private static async Task<(long Board, long Administration, long Sibling, long Department)> Region(HttpClient admin)
    {
        var board = (await admin.CreateBoard($"Regionstyrelsen {Interlocked.Increment(ref regions)}")).Id;
        var administration = (await admin.CreateUnit("Medicinsk service", board)).Id;
        var sibling = (await admin.CreateUnit("Digitalisering IT och MT", board)).Id;
        var department = (await admin.CreateDepartment("Laboratoriemedicin", administration)).Id;
        return (board, administration, sibling, department);
    }

    private static async Task<long> Goal(HttpClient client, long unitId, string title, string? externalRef = null, long? parentId = null) =>
        (await client.PostOk($"/api/v1/units/{unitId}/goals", new { title, externalRef, parentId })).GetProperty("id").GetInt64();

    private static List<long> Ids(JsonElement list, string property = "id") => list.EnumerateArray().Select(e => e.GetProperty(property).GetInt64()).ToList();

    [Fact]
    public async Task A_unit_sees_its_own_goals_and_those_above_it_and_changes_are_kept_in_history()
    {
        var admin = api.Admin();
        var (board, administration, sibling, department) = await Region(admin);
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi", "RS-5");
        var halsa = await Goal(admin, board, "Bättre liv och hälsa för fler", "RS-1");
        var own = await Goal(admin, administration, "Budget i balans", "MS-5.1", parentId: ekonomi);
        var siblings = await Goal(admin, sibling, "Stabil IT-drift");

        Ids((await admin.GetOk($"/api/v1/units/{department}/goals")).GetProperty("items")).ShouldBe([ekonomi, own, halsa]);
        Ids((await admin.GetOk($"/api/v1/units/{board}/goals")).GetProperty("items")).ShouldBe([ekonomi, halsa]);
        Ids((await admin.GetOk($"/api/v1/units/{sibling}/goals")).GetProperty("items")).ShouldBe([ekonomi, halsa, siblings]);
        (await admin.GetAsync("/api/v1/units/999999/goals")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A parent must be seen from the goal's unit: the sibling's goal is not; an externalRef is the unit's own once.
        var badParent = await admin.PostAsJsonAsync($"/api/v1/units/{administration}/goals", new { title = "X", parentId = siblings }, ApiFixture.Json);
        badParent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badParent.Content.ReadAsStringAsync()).ShouldContain("parentId");
        var taken = await admin.PostAsJsonAsync($"/api/v1/units/{board}/goals", new { title = "Y", externalRef = "RS-5" }, ApiFixture.Json);
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await taken.Content.ReadAsStringAsync()).ShouldContain("externalRef");
        (await admin.PostAsJsonAsync("/api/v1/units/999999/goals", new { title = "Z" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Changed under If-Match; a goal cannot stand under its own subgoal.
        var read = await admin.GetAsync($"/api/v1/goals/{ekonomi}");
        var etag = read.Headers.ETag!.Tag;
        using (var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/goals/{ekonomi}") { Content = JsonContent.Create(new { title = "A" }, options: ApiFixture.Json) })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"999\""));
            (await admin.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        }
        using (var change = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/goals/{ekonomi}") { Content = JsonContent.Create(new { description = "Region Skånes övergripande mål" }, options: ApiFixture.Json) })
        {
            change.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
            var changed = await admin.SendAsync(change);
            changed.StatusCode.ShouldBe(HttpStatusCode.OK);
            changed.Headers.ETag!.Tag.ShouldNotBe(etag);
        }
        var delmal = await Goal(admin, board, "Effektiv resursanvändning", parentId: ekonomi);
        var cycle = await admin.PatchAsJsonAsync($"/api/v1/goals/{ekonomi}", new { parentId = delmal }, ApiFixture.Json);
        cycle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await cycle.Content.ReadAsStringAsync()).ShouldContain("subgoal");
        // A goal of a unit below is not seen from the region's: it cannot be a parent there.
        var below = await admin.PatchAsJsonAsync($"/api/v1/goals/{halsa}", new { parentId = own }, ApiFixture.Json);
        below.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await below.Content.ReadAsStringAsync()).ShouldContain("parentId");
        var moved = await admin.PatchAsJsonAsync($"/api/v1/goals/{own}", new { parentId = 0 }, ApiFixture.Json);
        (await moved.Json()).GetProperty("parentId").ValueKind.ShouldBe(JsonValueKind.Null);

        api.StoredHistory("goal", ekonomi).Select(h => h.Action).ShouldBe(["created", "changed"]);
        var events = (await admin.GetOk($"/api/v1/events?limit=500&type=goal.created,goal.changed&unitId={board}")).GetProperty("items");
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldContain("goal.changed");
        events.EnumerateArray().Last(e => e.GetProperty("type").GetString() == "goal.changed").GetProperty("unitId").GetInt64().ShouldBe(administration);
    }

    [Fact]
    public async Task Risks_and_controls_link_to_goals_their_plans_unit_sees_and_are_read_per_goal()
    {
        var admin = api.Admin();
        var (board, administration, sibling, department) = await Region(admin);
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi", "RS-5");
        var budget = await Goal(admin, administration, "Budget i balans", parentId: ekonomi);
        var siblings = await Goal(admin, sibling, "Stabil IT-drift");

        var plan = await admin.CreatePlan(administration, 2025);
        var risk = await admin.PostOk($"/api/v1/plans/{plan}/risks", new
        {
            title = "Bristande attest", description = "Fakturor betalas utan attest.", probability = 3, consequence = 3, handlingMethod = "granskning",
            motivation = "Stickprov", goal = "Långsiktigt stark ekonomi", goalIds = new[] { budget, ekonomi },
        });
        risk.GetProperty("goalIds").EnumerateArray().Select(g => g.GetInt64()).ShouldBe([ekonomi, budget]);
        risk.GetProperty("goal").GetString().ShouldBe("Långsiktigt stark ekonomi");
        var riskId = risk.GetProperty("id").GetInt64();

        // A goal the plan's unit does not see, or none at all, is named by its place in the list.
        var wrong = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", new { title = "X", probability = 1, consequence = 1, handlingMethod = "none", goalIds = new[] { ekonomi, siblings } }, ApiFixture.Json);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("goalIds[1]");
        var none = await admin.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { goalIds = new[] { 999999L } }, ApiFixture.Json);
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync()).ShouldContain("goalIds[0]");

        var control = await admin.PostOk($"/api/v1/plans/{plan}/controls", new { title = "Stickprov av fakturor", riskId, method = "stickprov", frequency = "halvarsvis", goalIds = new[] { budget } });
        var controlId = control.GetProperty("id").GetInt64();
        control.GetProperty("goalIds")[0].GetInt64().ShouldBe(budget);
        var wrongControl = await admin.PatchAsJsonAsync($"/api/v1/controls/{controlId}", new { goalIds = new[] { siblings } }, ApiFixture.Json);
        wrongControl.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongControl.Content.ReadAsStringAsync()).ShouldContain("goalIds[0]");

        // A department's plan links to the region's goal; the sibling's plan to its own.
        var departmentPlan = await admin.CreatePlan(department, 2025);
        var departmentRisk = await admin.PostOk($"/api/v1/plans/{departmentPlan}/risks", new { title = "Reagenskostnader", probability = 2, consequence = 2, handlingMethod = "none", goalIds = new[] { ekonomi } });
        var siblingPlan = await admin.CreatePlan(sibling, 2025);
        await admin.PostOk($"/api/v1/plans/{siblingPlan}/risks", new { title = "Driftstopp", probability = 2, consequence = 2, handlingMethod = "none", goalIds = new[] { siblings } });

        var perGoal = await admin.GetOk($"/api/v1/goals/{ekonomi}/risks?year=2025");
        Ids(perGoal.GetProperty("risks"), "riskId").ShouldBe([riskId, departmentRisk.GetProperty("id").GetInt64()], ignoreOrder: true);
        Ids(perGoal.GetProperty("controls"), "controlId").ShouldBe([controlId]);
        perGoal.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("riskId").GetInt64() == riskId).GetProperty("unitName").GetString().ShouldBe("Medicinsk service");
        Ids((await admin.GetOk($"/api/v1/goals/{budget}/risks")).GetProperty("risks"), "riskId").ShouldBe([riskId]);
        (await admin.GetOk($"/api/v1/goals/{ekonomi}/risks?year=2024")).GetProperty("risks").GetArrayLength().ShouldBe(0);

        // In use: not deleted, and the answer names what uses it; unlinked, it goes.
        var refused = await admin.DeleteAsync($"/api/v1/goals/{budget}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var reason = await refused.Content.ReadAsStringAsync();
        reason.ShouldContain($"risk {riskId}");
        reason.ShouldContain($"control {controlId}");
        (await admin.DeleteAsync($"/api/v1/goals/{ekonomi}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { goalIds = new[] { ekonomi } }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchAsJsonAsync($"/api/v1/controls/{controlId}", new { goalIds = Array.Empty<long>() }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/v1/goals/{budget}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/v1/goals/{budget}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.StoredHistory("risk", riskId).Last().After!.ShouldContain("goalIds");
    }

    [Fact]
    public async Task A_deleted_goals_events_carry_its_unit_as_the_others_do_and_are_found_by_unit()
    {
        var admin = api.Admin();
        var (board, administration, _, _) = await Region(admin);
        var goal = await Goal(admin, administration, "Tillgänglighet och kvalitet");
        (await admin.PatchAsJsonAsync($"/api/v1/goals/{goal}", new { title = "Tillgänglighet" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/v1/goals/{goal}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Read by the unit above (the feed's subtree filter) and by the goal's own unit: each event with its unit, the change
        // (which holds only its title) too.
        foreach (var unit in new[] { board, administration })
        {
            var events = (await admin.GetOk($"/api/v1/events?limit=500&type=goal.created,goal.changed,goal.deleted&unitId={unit}")).GetProperty("items")
                .EnumerateArray().ToList();   // the region's only goal
            events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["goal.created", "goal.changed", "goal.deleted"]);
            events.ShouldAllBe(e => e.GetProperty("unitId").GetInt64() == administration);
        }
    }

    [Fact]
    public async Task Moving_a_unit_that_would_leave_links_to_goals_no_longer_above_it_is_refused_naming_them()
    {
        var admin = api.Admin();
        var (board, administration, _, department) = await Region(admin);
        var other = (await admin.CreateBoard($"Hälso- och sjukvårdsnämnden {Interlocked.Increment(ref regions)}")).Id;
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi");
        var budget = await Goal(admin, administration, "Budget i balans", parentId: ekonomi);
        var plan = await admin.CreatePlan(administration, 2025);
        var risk = (await admin.PostOk($"/api/v1/plans/{plan}/risks", new { title = "Bristande attest", probability = 2, consequence = 2, handlingMethod = "none", goalIds = new[] { ekonomi, budget } })).GetProperty("id").GetInt64();
        var control = (await admin.PostOk($"/api/v1/plans/{plan}/controls", new { title = "Stickprov av fakturor", method = "stickprov", frequency = "halvarsvis", goalIds = new[] { ekonomi } })).GetProperty("id").GetInt64();
        var departmentPlan = await admin.CreatePlan(department, 2025);
        var departmentRisk = (await admin.PostOk($"/api/v1/plans/{departmentPlan}/risks", new { title = "Reagenskostnader", probability = 2, consequence = 2, handlingMethod = "none", goalIds = new[] { ekonomi } })).GetProperty("id").GetInt64();

        // Under the other nämnd the first nämnd's goal is no longer above: every link to it in the subtree is named, the förvaltning's own goal is not.
        var refused = await admin.PatchAsJsonAsync($"/api/v1/units/{administration}", new { parentId = other }, ApiFixture.Json);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Json();
        problem.GetProperty("errors").GetProperty("parentId")[0].GetString().ShouldBe(
            $"Unit {administration} cannot move under unit {other}: what it holds links to goals of units that would no longer be above it — "
            + $"goal {ekonomi} (unit {board}): risks {risk} (plan {plan}), {departmentRisk} (plan {departmentPlan}); control {control} (plan {plan}); subgoal {budget}. "
            + "Remove the links (or move the subgoals) first.");
        (await admin.GetOk($"/api/v1/units/{administration}")).GetProperty("parentId").GetInt64().ShouldBe(board);

        // With the links removed and the subgoal at the top, it moves; its own goal's link goes with it.
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{risk}", new { goalIds = new[] { budget } }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchAsJsonAsync($"/api/v1/controls/{control}", new { goalIds = Array.Empty<long>() }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{departmentRisk}", new { goalIds = Array.Empty<long>() }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchAsJsonAsync($"/api/v1/goals/{budget}", new { parentId = 0 }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PatchAsJsonAsync($"/api/v1/units/{administration}", new { parentId = other }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Ids((await admin.GetOk($"/api/v1/goals/{budget}/risks?year=2025")).GetProperty("risks"), "riskId").ShouldBe([risk]);
    }

    [Fact]
    public async Task The_summary_its_document_and_the_nämnds_report_group_by_goal()
    {
        var admin = api.Admin();
        var (board, administration, _, _) = await Region(admin);
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi", "RS-5");
        var kvalitet = await Goal(admin, board, "Tillgänglighet och kvalitet", "RS-2");
        await Goal(admin, board, "Hållbar utveckling i hela Skåne");   // linked by nothing: no group
        var plan = await admin.CreatePlan(administration, 2025);
        var lower = await admin.AddRisk(plan, new { title = "Reagenskostnader", description = "D", probability = 1, consequence = 2, handlingMethod = "none", goalIds = new[] { ekonomi } });
        var higher = await admin.AddRisk(plan, new { title = "Väntetider", description = "D", probability = 3, consequence = 3, handlingMethod = "bevakning", motivation = "M", goalIds = new[] { ekonomi, kvalitet } });
        await admin.AddRisk(plan, new { title = "Utan mål", description = "D", probability = 1, consequence = 1, handlingMethod = "none" });
        var control = (await admin.PostOk($"/api/v1/plans/{plan}/controls", new { title = "Attest", method = "stickprov", frequency = "halvarsvis", goalIds = new[] { kvalitet } })).GetProperty("id").GetInt64();

        var byGoal = (await admin.GetOk($"/api/v1/plans/{plan}/summary")).GetProperty("byGoal").EnumerateArray().ToList();
        byGoal.Select(g => g.GetProperty("goalId").GetInt64()).ShouldBe([ekonomi, kvalitet]);
        byGoal[0].GetProperty("riskIds").EnumerateArray().Select(r => r.GetInt64()).ShouldBe([higher, lower]);
        byGoal[1].GetProperty("riskIds").EnumerateArray().Select(r => r.GetInt64()).ShouldBe([higher]);
        byGoal[1].GetProperty("controlIds").EnumerateArray().Select(c => c.GetInt64()).ShouldBe([control]);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        var html = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        html.ShouldContain("Risker per mål");
        html.ShouldContain("Långsiktigt stark ekonomi");

        var report = (await admin.GetOk($"/api/v1/units/{board}/internal-control?year=2025")).GetProperty("byGoal").EnumerateArray().ToList();
        report.Select(g => (g.GetProperty("goalId").GetInt64(), g.GetProperty("risks").GetInt32(), g.GetProperty("controls").GetInt32())).ShouldBe([(ekonomi, 2, 0), (kvalitet, 1, 1)]);
        report[0].GetProperty("units").EnumerateArray().Select(u => u.GetString()).ShouldBe(["Medicinsk service"]);
    }

    [Fact]
    public async Task A_copy_keeps_its_risks_and_controls_goals()
    {
        var admin = api.Admin();
        var (board, administration, _, _) = await Region(admin);
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi");
        var kvalitet = await Goal(admin, board, "Tillgänglighet och kvalitet");
        var plan = await admin.CreatePlan(administration, 2025);
        var risk = await admin.AddRisk(plan, new { title = "Bristande attest", description = "D", probability = 1, consequence = 2, handlingMethod = "none", goalIds = new[] { ekonomi, kvalitet } });
        await admin.PostOk($"/api/v1/plans/{plan}/controls", new { title = "Attest", method = "stickprov", frequency = "halvarsvis", goalIds = new[] { kvalitet } });
        await admin.Adopt(plan, new { date = "2025-04-26", paragraph = "§ 12", caseNumber = "2025-POL000381" });

        var copy = await admin.PostOk($"/api/v1/plans/{plan}/copy", new { year = 2026 });
        var copiedRisk = copy.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("copiedFromRiskId").GetInt64() == risk);
        copiedRisk.GetProperty("goalIds").EnumerateArray().Select(g => g.GetInt64()).ShouldBe([ekonomi, kvalitet]);
        copy.GetProperty("controls")[0].GetProperty("goalIds").EnumerateArray().Select(g => g.GetInt64()).ShouldBe([kvalitet]);
        Ids((await admin.GetOk($"/api/v1/goals/{kvalitet}/risks?year=2026")).GetProperty("controls"), "controlId")
            .ShouldBe([copy.GetProperty("controls")[0].GetProperty("id").GetInt64()]);
    }

    [Fact]
    public async Task Registrators_write_their_units_goals_and_a_marked_risks_links_stay_inside()
    {
        var admin = api.Admin();
        var (board, administration, sibling, _) = await Region(admin);
        var ekonomi = await Goal(admin, board, "Långsiktigt stark ekonomi");
        var (_, ownKey) = await admin.CreateApiClient("Registrator MS", "registrator", administration);
        var (_, systemKey) = await admin.CreateApiClient("Stratsys", "system");
        var registrator = api.WithKey(ownKey);

        var own = await Goal(registrator, administration, "Budget i balans", parentId: ekonomi);
        (await registrator.PostAsJsonAsync($"/api/v1/units/{sibling}/goals", new { title = "X" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await registrator.PatchAsJsonAsync($"/api/v1/goals/{ekonomi}", new { title = "X" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await registrator.GetOk($"/api/v1/units/{administration}/goals")).GetProperty("items").GetArrayLength().ShouldBe(2);
        (await api.WithKey(systemKey).PostAsJsonAsync($"/api/v1/units/{board}/goals", new { title = "X" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var plan = await admin.CreatePlan(administration, 2025);
        var marked = await admin.AddRisk(plan, new { title = "Skyddade identiteter", description = "D", probability = 1, consequence = 2, handlingMethod = "none", goalIds = new[] { own } });
        var open = await admin.AddRisk(plan, new { title = "Attest", description = "D", probability = 1, consequence = 2, handlingMethod = "none", goalIds = new[] { own } });
        await admin.PutOk($"/api/v1/risks/{marked}/secrecy", new { ground = "OSL 18 kap. 8 §" });

        var system = api.WithKey(systemKey);
        var summary = (await system.GetOk($"/api/v1/plans/{plan}/summary")).GetProperty("risks");
        summary.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == marked).GetProperty("goalIds").GetArrayLength().ShouldBe(0);
        summary.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == open).GetProperty("goalIds")[0].GetInt64().ShouldBe(own);
        Ids((await system.GetOk($"/api/v1/goals/{own}/risks")).GetProperty("risks"), "riskId").ShouldBe([open]);
        Ids((await admin.GetOk($"/api/v1/goals/{own}/risks")).GetProperty("risks"), "riskId").ShouldBe([marked, open], ignoreOrder: true);
        // A control marked itself (issue 25's own marking) stays inside too.
        var control = (await admin.PostOk($"/api/v1/plans/{plan}/controls", new { title = "Loggkontroll skyddade", method = "loggkontroll", frequency = "kvartalsvis", goalIds = new[] { own } }))
            .GetProperty("id").GetInt64();
        await admin.PutOk($"/api/v1/controls/{control}/secrecy", new { ground = "OSL 21 kap. 3 §" });
        Ids((await system.GetOk($"/api/v1/goals/{own}/risks")).GetProperty("controls"), "controlId").ShouldBeEmpty();
        Ids((await admin.GetOk($"/api/v1/goals/{own}/risks")).GetProperty("controls"), "controlId").ShouldBe([control]);
        // A registrator of the sibling reads the goal but not the other förvaltning's risks.
        var (_, siblingKey) = await admin.CreateApiClient("Registrator DIM", "registrator", sibling);
        (await api.WithKey(siblingKey).GetOk($"/api/v1/goals/{ekonomi}/risks")).GetProperty("risks").GetArrayLength().ShouldBe(0);
    }
}

/// <summary>A service whose units hold at most three goals.</summary>
public sealed class FewGoalsApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Limits:MaxGoalsPerUnit", "3")];
}

public sealed class GoalLimitTests(FewGoalsApi api) : IClassFixture<FewGoalsApi>
{
    [Fact]
    public async Task A_unit_at_Limits_MaxGoalsPerUnit_refuses_another_goal()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden med få mål")).Id;
        for (var i = 0; i < 3; i++) await admin.PostOk($"/api/v1/units/{board}/goals", new { title = $"Mål {i}" });
        var fourth = await admin.PostAsJsonAsync($"/api/v1/units/{board}/goals", new { title = "Mål 4" }, ApiFixture.Json);
        fourth.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await fourth.Content.ReadAsStringAsync()).ShouldContain("Limits:MaxGoalsPerUnit");
        // Another unit has room of its own.
        var other = (await admin.CreateUnit("Förvaltningen", board)).Id;
        (await admin.PostAsJsonAsync($"/api/v1/units/{other}/goals", new { title = "Mål" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
