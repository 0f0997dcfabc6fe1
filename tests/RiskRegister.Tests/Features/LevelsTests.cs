using RiskRegister.Client;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Units at every level (api.md, third release): nämnd → förvaltning → departments, plans for a unit of any kind, a
/// unit renamed or moved with If-Match and history, a registrator's units covering their subtrees, and the reports
/// that walk units covering the new levels. Region Västerbotten's hälso- och sjukvårdsnämnd (seed 004) is the case.
/// </summary>
public sealed class LevelsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static int regions;

    /// <summary>A nämnd with a förvaltning and two områden below it, each nämnd named apart.</summary>
    private static async Task<(long Board, long Administration, long North, long South)> Hsn(HttpClient admin)
    {
        var board = await admin.CreateBoard($"Hälso- och sjukvårdsnämnden {Interlocked.Increment(ref regions)}");
        var administration = await admin.CreateUnit("Hälso- och sjukvårdsförvaltningen", board.Id);
        var north = await admin.CreateDepartment("Område Norr", administration.Id);
        var south = await admin.CreateDepartment("Område Södra Lappland", administration.Id);
        return (board.Id, administration.Id, north.Id, south.Id);
    }

    private static async Task<string> UnitETag(HttpClient client, long unitId)
    {
        using var response = await client.GetAsync($"/api/v1/units/{unitId}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    [Fact]
    public async Task Departments_stand_under_a_förvaltning_or_a_department_and_plans_belong_to_any_unit()
    {
        var admin = api.Admin();
        var (board, administration, north, _) = await Hsn(admin);
        var team = await admin.CreateDepartment("Enhet Skellefteå", north, externalId: "SE2321000222-E1");

        team.Kind.ShouldBe(UnitKind.Department);
        team.ParentId.ShouldBe(north);
        team.ExternalId.ShouldBe("SE2321000222-E1");
        foreach (var unit in new[] { board, administration, north, team.Id })
            (await admin.CreatePlanView(unit, 2025)).UnitId.ShouldBe(unit);
    }

    [Fact]
    public async Task A_department_under_a_nämnd_a_tree_too_deep_and_a_taken_external_id_are_conflicts_that_store_nothing()
    {
        var admin = api.Admin();
        var (board, _, north, _) = await Hsn(admin);
        var level4 = await admin.CreateDepartment("Verksamhet", north);
        var level5 = await admin.CreateDepartment("Enhet", level4.Id, externalId: "HSA-LEVELS-5");
        var before = DatabaseSnapshot.Take(api.Database);

        var underBoard = await admin.PostAsJsonAsync("/api/v1/units", new { name = "Område", kind = "department", parentId = board });
        var tooDeep = await admin.PostAsJsonAsync("/api/v1/units", new { name = "Grupp", kind = "department", parentId = level5.Id });
        var taken = await admin.PostAsJsonAsync("/api/v1/units", new { name = "Annan", kind = "department", parentId = north, externalId = "HSA-LEVELS-5" });

        underBoard.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await underBoard.Json()).GetProperty("errors").GetProperty("parentId")[0].GetString()!.ShouldContain("nämnd");
        tooDeep.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await tooDeep.Json()).GetProperty("errors").GetProperty("parentId")[0].GetString()!.ShouldContain("5 levels");
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await taken.Json()).GetProperty("errors").TryGetProperty("externalId", out _).ShouldBeTrue();
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_unit_is_renamed_and_moved_with_If_Match_its_plans_stay_and_history_and_the_feed_record_it()
    {
        var admin = api.Admin();
        var (_, administration, north, south) = await Hsn(admin);
        var plan = await admin.CreatePlanView(south, 2025);
        var etag = await UnitETag(admin, south);

        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/units/{south}") { Content = JsonContent.Create(new { name = "Område Södra Lappland och Umeå", parentId = north, externalId = "SE2321000222-S" }) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var response = await admin.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        var moved = await admin.Typed().GetUnitAsync(south);
        (moved.Name, moved.ParentId, moved.ExternalId).ShouldBe(("Område Södra Lappland och Umeå", (long?)north, "SE2321000222-S"));
        (await admin.Typed().GetPlanAsync(plan.Id)).UnitId.ShouldBe(south);
        var events = (await admin.GetOk($"/api/v1/events?type=unit.changed&unitId={south}")).GetProperty("items").EnumerateArray().ToList();
        var change = events.ShouldHaveSingleItem().GetProperty("data");
        change.GetProperty("parentId").GetInt64().ShouldBe(north);
        change.GetProperty("name").GetString().ShouldBe("Område Södra Lappland och Umeå");

        // The ETag read before the change is stale now: 412, and nothing changes.
        var before = DatabaseSnapshot.Take(api.Database);
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/units/{south}") { Content = JsonContent.Create(new { name = "Fel" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        (await admin.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
        _ = administration;
    }

    [Fact]
    public async Task Moving_a_unit_under_its_own_descendant_or_a_department_under_a_nämnd_is_a_conflict_that_stores_nothing()
    {
        var admin = api.Admin();
        var (board, administration, north, _) = await Hsn(admin);
        var team = await admin.CreateDepartment("Enhet", north);
        var before = DatabaseSnapshot.Take(api.Database);

        var cycle = await admin.PatchAsJsonAsync($"/api/v1/units/{north}", new { parentId = team.Id });
        var underBoard = await admin.PatchAsJsonAsync($"/api/v1/units/{north}", new { parentId = board });
        var administrationUnderDepartment = await admin.PatchAsJsonAsync($"/api/v1/units/{administration}", new { parentId = team.Id });

        cycle.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await cycle.Json()).GetProperty("errors").GetProperty("parentId")[0].GetString()!.ShouldContain("cycle");
        underBoard.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        administrationUnderDepartment.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_registrator_of_a_förvaltning_covers_its_områden_also_those_created_after_its_key_was_first_used()
    {
        var admin = api.Admin();
        var (board, administration, north, _) = await Hsn(admin);
        var (_, otherAdministration, _, _) = await Hsn(admin);
        var key = (await admin.CreateClient("Registrator HSF", "registrator", administration)).Key;
        var registrator = api.WithKey(key);
        (await registrator.Typed().CreatePlanAsync(new CreatePlanRequest { UnitId = north, Year = 2025 })).UnitId.ShouldBe(north);

        var later = await admin.CreateDepartment("Område Västerbottens inland", administration);

        (await registrator.PostAsJsonAsync("/api/v1/plans", new { unitId = later.Id, year = 2025 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await registrator.PostAsJsonAsync("/api/v1/plans", new { unitId = board, year = 2025 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await registrator.PostAsJsonAsync("/api/v1/plans", new { unitId = otherAdministration, year = 2025 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_reports_that_walk_units_cover_every_level_below_the_unit_asked_for()
    {
        var admin = api.Admin();
        var (board, administration, north, south) = await Hsn(admin);
        var boardPlan = await admin.CreatePlanWithTexts(board, 2025, documentTitle: "Tillsynsplan");
        var northPlan = await admin.CreatePlanView(north, 2025);
        await admin.AddRisk(northPlan.Id, Risks.Bevakning());

        var items = (await admin.GetOk($"/api/v1/follow-up-status?year=2025&unitId={board}")).GetProperty("items").EnumerateArray().ToList();
        var status = items.Select(r => r.GetProperty("planId").GetInt64()).ToList();
        status.ShouldBe([boardPlan.Id, northPlan.Id], ignoreOrder: true);
        // Each row names the nämnd above its unit as the plan's summary does: an område's is two levels up, not its
        // förvaltning; the nämnd's own plan has none above it. The CSV says the same.
        var boardName = (await admin.GetOk($"/api/v1/units/{board}")).GetProperty("name").GetString();
        static string? Named(System.Text.Json.JsonElement e) => e.TryGetProperty("boardName", out var n) ? n.GetString() : null;
        items.ToDictionary(r => r.GetProperty("planId").GetInt64(), Named).ShouldBe(new Dictionary<long, string?> { [boardPlan.Id] = null, [northPlan.Id] = boardName });
        foreach (var row in items)
            Named(row).ShouldBe(Named((await admin.GetOk($"/api/v1/plans/{row.GetProperty("planId").GetInt64()}/summary")).GetProperty("plan")));
        using (var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?year=2025&unitId={board}"))
        {
            csv.Headers.Accept.ParseAdd("text/csv");
            using var answer = await admin.SendAsync(csv);
            (await answer.Content.ReadAsStringAsync()).ShouldContain($",Område Norr,{boardName},2025,");
        }
        var events = (await admin.GetOk($"/api/v1/events?type=risk.created&unitId={administration}")).GetProperty("items").EnumerateArray().ToList();
        events.ShouldHaveSingleItem().GetProperty("planId").GetInt64().ShouldBe(northPlan.Id);

        // The nämnd's report: its own plan and the område's, and the förvaltning is covered (by the nämnd's plan) so not missing.
        var report = await admin.GetOk($"/api/v1/units/{board}/internal-control?year=2025");
        var rows = report.GetProperty("plans").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("unitId").GetInt64()).ShouldBe([board, north]);
        rows.ShouldAllBe(r => r.GetProperty("status").GetString() == "draft");
        _ = south;
    }

    [Fact]
    public async Task A_förvaltning_no_plan_covers_is_missing_from_the_nämnds_report_but_one_covered_by_a_department_plan_is_not()
    {
        var admin = api.Admin();
        var (board, administration, north, _) = await Hsn(admin);
        var bare = await admin.CreateUnit("Regionservice", board);
        await admin.CreatePlanView(north, 2025);

        var rows = (await admin.GetOk($"/api/v1/units/{board}/internal-control?year=2025")).GetProperty("plans").EnumerateArray().ToList();

        rows.Select(r => (r.GetProperty("unitId").GetInt64(), r.GetProperty("status").GetString())).ShouldBe([(north, "draft"), (bare.Id, "missing")]);
        _ = administration;
    }
}
