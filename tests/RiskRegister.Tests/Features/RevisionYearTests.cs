using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace RiskRegister.Tests.Features;

/// <summary>
/// A second region's year over HTTP (issue 23, "Done when"): Region Västerbotten's hälso- och sjukvårdsnämnd 2025 (seed
/// 004) adopts one tillsynsplan for the nämnd, with two områden below its förvaltning; revises it in August for a
/// framework agreement running out (§ 208); records uppföljning 1 late and reports it to the nämnd unfinished, then
/// complete; uppföljning 2; closure with a decision; copy. Runs on both databases. Today (the clock) is long after 2025,
/// so every round recorded here is recorded after its due date.
/// </summary>
public sealed class RevisionYearTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static int units;

    private static object Risk(string title, string method, int p, int c) => new
    {
        title, description = $"{title}: beskrivet utifrån nämndens uppdrag att bedriva hälso- och sjukvård.", probability = p, consequence = c,
        handlingMethod = method, motivation = "Risken följs upp eftersom den direkt påverkar patientsäkerheten i hela regionen.",
    };

    private static object Activity(string due) => new { description = "Uppföljning i ledningsgruppen", measure = "Rapport till nämnden", due };

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static async Task<string> PlanETag(HttpClient client, long planId)
    {
        using var response = await client.GetAsync($"/api/v1/plans/{planId}");
        return response.Headers.ETag!.Tag;
    }

    private static JsonElement RiskIn(JsonElement plan, long riskId) =>
        plan.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == riskId);

    /// <summary>The nämnd, its förvaltning and two områden below it; answers the nämnd's id.</summary>
    private static async Task<long> VasterbottenAsync(HttpClient client)
    {
        var n = Interlocked.Increment(ref units);
        var board = await client.CreateBoard($"Hälso- och sjukvårdsnämnden {n}");
        var administration = await client.CreateUnit($"Hälso- och sjukvårdsförvaltningen {n}", board.Id);
        await client.CreateDepartment($"Område Norra Lappland {n}", administration.Id);
        await client.CreateDepartment($"Område Skellefteå {n}", administration.Id);
        return board.Id;
    }

    [Fact]
    public async Task A_nämnd_level_year_with_a_revision_late_rounds_reported_to_the_nämnd_closure_and_copy()
    {
        var client = api.Admin();
        var boardId = await VasterbottenAsync(client);
        var planId = (await client.PostOk("/api/v1/plans", new { unitId = boardId, year = 2025, title = "Tillsynsplan 2025 HSN", documentTitle = "Tillsynsplan" })).GetProperty("id").GetInt64();
        var hygien = (await client.PostOk($"/api/v1/plans/{planId}/risks", Risk("Bristande följsamhet till basala hygienrutiner", "bevakning", 2, 3))).GetProperty("id").GetInt64();
        var kompetens = (await client.PostOk($"/api/v1/plans/{planId}/risks", Risk("Kompetensförsörjning inom vården", "granskning", 3, 3))).GetProperty("id").GetInt64();
        await client.PostOk($"/api/v1/risks/{kompetens}/activities", Activity("2025-10-31"));
        var adopted = await client.PostOk($"/api/v1/plans/{planId}/adoption", new { date = "2025-02-12", paragraph = "§ 12", caseNumber = "HSN 2024-0815" });
        adopted.GetProperty("status").GetString().ShouldBe("adopted");
        RiskIn(adopted, kompetens).GetProperty("adoptedScore").GetInt32().ShouldBe(9);
        RiskIn(adopted, kompetens).GetProperty("addedInRevision").ValueKind.ShouldBe(JsonValueKind.Null);

        var plan = await client.GetOk($"/api/v1/plans/{planId}");
        var round1 = plan.GetProperty("round1");
        (round1.GetProperty("done").GetInt32(), round1.GetProperty("total").GetInt32()).ShouldBe((0, 2));
        round1.GetProperty("due").GetString().ShouldBe("2025-09-30");
        round1.GetProperty("recordedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        round1.GetProperty("reported").ValueKind.ShouldBe(JsonValueKind.Null);
        round1.GetProperty("late").GetBoolean().ShouldBeFalse();
        round1.GetProperty("overdue").GetBoolean().ShouldBeTrue();

        // Uppföljning 1 of one risk before the revision: against the value first adopted (9).
        (await client.PutOk($"/api/v1/risks/{kompetens}/follow-ups/1", Risks.Round1(3, 3))).GetProperty("trend").GetString().ShouldBe("unchanged");

        // August: a framework agreement runs out (§ 208); the nämnd revises the plan.
        var revision = await client.PostOk($"/api/v1/plans/{planId}/revisions", new { reason = "Ramavtalet för nutritionsprodukter löper ut 2025-08-22 (HSN § 208)." });
        revision.GetProperty("number").GetInt64().ShouldBe(1);
        revision.GetProperty("decision").ValueKind.ShouldBe(JsonValueKind.Null);
        revision.GetProperty("changes").GetArrayLength().ShouldBe(0);
        (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("status").GetString().ShouldBe("revising");
        var second = await Send(client, HttpMethod.Post, $"/api/v1/plans/{planId}/revisions", new { reason = "En till" });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("revision 1 is open");

        var nutrition = await client.PostOk($"/api/v1/plans/{planId}/risks", Risk("Ramavtal för nutritionsprodukter löper ut", "atgard", 3, 4));
        nutrition.GetProperty("addedInRevision").GetInt64().ShouldBe(1);
        nutrition.GetProperty("adoptedScore").ValueKind.ShouldBe(JsonValueKind.Null);
        var nutritionId = nutrition.GetProperty("id").GetInt64();
        await client.PostOk($"/api/v1/risks/{nutritionId}/activities", Activity("2025-12-31"));
        var reassessed = await Send(client, HttpMethod.Patch, $"/api/v1/risks/{kompetens}", new { consequence = 4 });
        reassessed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var deleteAdopted = await Send(client, HttpMethod.Delete, $"/api/v1/risks/{hygien}");
        deleteAdopted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await deleteAdopted.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("adopted earlier");
        // A touched risk waits for the revision; an untouched one is followed up meanwhile.
        (await Send(client, HttpMethod.Put, $"/api/v1/risks/{kompetens}/follow-ups/1", Risks.Round1(3, 4))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Send(client, HttpMethod.Put, $"/api/v1/risks/{nutritionId}/follow-ups/1", Risks.Round1(3, 4))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PutOk($"/api/v1/risks/{hygien}/follow-ups/1", Risks.Round1(2, 3))).GetProperty("trend").GetString().ShouldBe("unchanged");

        var listed = (await client.GetOk($"/api/v1/plans/{planId}/revisions")).GetProperty("items");
        listed.GetArrayLength().ShouldBe(1);
        listed[0].GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("riskId").GetInt64(), c.GetProperty("change").GetString()))
            .ShouldBe([(kompetens, "changed"), (nutritionId, "added")], ignoreOrder: true);

        var stale = await Send(client, HttpMethod.Post, $"/api/v1/plans/{planId}/revisions/1/adoption", new { date = "2025-08-27", paragraph = "§ 208", caseNumber = "HSN 2025-0402" }, "\"1\"");
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var revised = await Send(client, HttpMethod.Post, $"/api/v1/plans/{planId}/revisions/1/adoption", new { date = "2025-08-27", paragraph = "§ 208", caseNumber = "HSN 2025-0402" }, await PlanETag(client, planId));
        revised.StatusCode.ShouldBe(HttpStatusCode.OK);
        plan = await revised.Json();
        plan.GetProperty("status").GetString().ShouldBe("adopted");
        plan.GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 12");   // the first adoption stays on record
        RiskIn(plan, kompetens).GetProperty("adoptedScore").GetInt32().ShouldBe(12);
        RiskIn(plan, nutritionId).GetProperty("adoptedScore").GetInt32().ShouldBe(12);
        RiskIn(plan, hygien).GetProperty("adoptedScore").GetInt32().ShouldBe(6);
        // Round 1 of the re-assessed risk was recorded before the revision: its trend still compares with 9.
        RiskIn(plan, kompetens).GetProperty("followUp1").GetProperty("trend").GetString().ShouldBe("unchanged");
        var adoptedRevision = (await client.GetOk($"/api/v1/plans/{planId}/revisions/1"));
        adoptedRevision.GetProperty("state").GetString().ShouldBe("adopted");
        adoptedRevision.GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 208");

        // Uppföljning 1 reported to the nämnd while a risk still lacks it ("ej klar"), after its due date.
        var reported = await client.PutOk($"/api/v1/plans/{planId}/follow-ups/1/report", new { date = "2025-10-15", paragraph = "§ 250", caseNumber = "HSN 2025-0777" });
        (reported.GetProperty("done").GetInt32(), reported.GetProperty("total").GetInt32()).ShouldBe((2, 3));
        reported.GetProperty("reported").GetProperty("complete").GetBoolean().ShouldBeFalse();
        reported.GetProperty("late").GetBoolean().ShouldBeTrue();
        reported.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        reported.GetProperty("recordedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        (await client.PutOk($"/api/v1/risks/{nutritionId}/follow-ups/1", Risks.Round1(2, 4))).GetProperty("trend").GetString().ShouldBe("decreased");
        round1 = (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("round1");
        (round1.GetProperty("done").GetInt32(), round1.GetProperty("total").GetInt32()).ShouldBe((3, 3));
        round1.GetProperty("recordedAt").GetString().ShouldNotBeNull();
        round1.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        round1.GetProperty("late").GetBoolean().ShouldBeTrue();   // done now, late for good
        (await client.PutOk($"/api/v1/plans/{planId}/follow-ups/1/report", new { date = "2025-11-20", paragraph = "§ 280", caseNumber = "HSN 2025-0777" }))
            .GetProperty("reported").GetProperty("complete").GetBoolean().ShouldBeTrue();

        // Uppföljning 2: the re-assessed risk compares with its revised value (12), not with round 1 (9).
        (await client.PutOk($"/api/v1/risks/{kompetens}/follow-ups/2", Risks.Round2(3, 4))).GetProperty("trend").GetString().ShouldBe("unchanged");
        (await client.PutOk($"/api/v1/risks/{hygien}/follow-ups/2", Risks.Round2(2, 2))).GetProperty("trend").GetString().ShouldBe("decreased");
        (await client.PutOk($"/api/v1/risks/{nutritionId}/follow-ups/2", Risks.Round2(2, 4))).GetProperty("trend").GetString().ShouldBe("unchanged");
        var round2 = await client.PutOk($"/api/v1/plans/{planId}/follow-ups/2/report", new { date = "2026-02-18", paragraph = "§ 30", caseNumber = "HSN 2025-0777" });
        round2.GetProperty("reported").GetProperty("complete").GetBoolean().ShouldBeTrue();
        round2.GetProperty("late").GetBoolean().ShouldBeTrue();
        round2.GetProperty("overdue").GetBoolean().ShouldBeFalse();

        // The judgements respect the due dates: in June neither round is due.
        var june = await client.GetOk($"/api/v1/plans/{planId}/assessment?asOf=2025-06-01");
        june.GetProperty("asOf").GetString().ShouldBe("2025-06-01");
        june.GetProperty("areas").EnumerateArray().Where(a => a.GetProperty("area").GetString() is "followUp1" or "followUp2" or "carriedOut" or "actions")
            .ShouldAllBe(a => a.GetProperty("verdict").GetString() == "ejAktuellt");
        // Today both rounds are judged: each was done or reported after its due date, which the auditors' criterion
        // ("senast i samband med delårsrapportering") counts as a deviation, and which stays one once the work is done.
        var now = await client.GetOk($"/api/v1/plans/{planId}/assessment");
        JsonElement Area(string name) => now.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("area").GetString() == name);
        Area("followUp1").GetProperty("verdict").GetString().ShouldBe("inteHeltUppfyllt");
        Area("followUp1").GetProperty("findings").EnumerateArray().Select(f => f.GetString()!)
            .ShouldContain(f => f.StartsWith("Uppföljning 1 blev klar ") && f.EndsWith(", efter tidplanen (2025-09-30)."));
        Area("followUp1").GetProperty("findings").EnumerateArray().Select(f => f.GetString()).ShouldContain("Uppföljning 1 redovisades för nämnden 2025-11-20 § 280, efter tidplanen (2025-09-30).");
        Area("followUp2").GetProperty("verdict").GetString().ShouldBe("inteHeltUppfyllt");
        Area("followUp2").GetProperty("findings").EnumerateArray().Select(f => f.GetString()).ShouldContain("Uppföljning 2 redovisades för nämnden 2026-02-18 § 30, efter tidplanen (2026-01-31).");
        now.GetProperty("conclusion").GetString().ShouldBe("inteHeltTillracklig");
        var nämnd = await client.GetOk($"/api/v1/units/{boardId}/internal-control?year=2025&asOf=2025-06-01");
        var row = nämnd.GetProperty("plans").EnumerateArray().Single(p => p.GetProperty("planId").ValueKind == JsonValueKind.Number && p.GetProperty("planId").GetInt64() == planId);
        row.GetProperty("followUps").GetProperty("round1").GetProperty("late").GetBoolean().ShouldBeTrue();
        row.GetProperty("followUps").GetProperty("round1").GetProperty("reported").GetProperty("paragraph").GetString().ShouldBe("§ 280");

        // Closure with the nämnd's decision, then the copy for 2026.
        var closed = await client.PostOk($"/api/v1/plans/{planId}/closure", new { date = "2026-03-04", paragraph = "§ 45", caseNumber = "HSN 2025-0777" });
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("closureDecision").GetProperty("paragraph").GetString().ShouldBe("§ 45");
        closed.GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 12");
        var copy = await client.PostOk($"/api/v1/plans/{planId}/copy", new { year = 2026 });
        copy.GetProperty("status").GetString().ShouldBe("draft");
        copy.GetProperty("risks").GetArrayLength().ShouldBe(3);
        copy.GetProperty("risks").EnumerateArray().ShouldAllBe(r => r.GetProperty("adoptedScore").ValueKind == JsonValueKind.Null && r.GetProperty("addedInRevision").ValueKind == JsonValueKind.Null);

        // The auditors' status, JSON and CSV.
        var status = (await client.GetOk($"/api/v1/follow-up-status?year=2025&unitId={boardId}")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("planId").GetInt64() == planId);
        status.GetProperty("round1").GetProperty("late").GetBoolean().ShouldBeTrue();
        status.GetProperty("round1").GetProperty("reported").GetProperty("complete").GetBoolean().ShouldBeTrue();
        status.GetProperty("round2").GetProperty("done").GetInt32().ShouldBe(3);
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?year=2025&unitId={boardId}");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines.Single(l => l.StartsWith("planId", StringComparison.Ordinal)).Split(',');
        var values = lines.Single(l => l.StartsWith($"{planId},", StringComparison.Ordinal)).Split(',');
        values[Array.IndexOf(header, "round1Late")].ShouldBe("true");
        values[Array.IndexOf(header, "round1ReportedComplete")].ShouldBe("true");
        values[Array.IndexOf(header, "round1ReportedDate")].ShouldBe("2025-11-20");
        values[Array.IndexOf(header, "round2Overdue")].ShouldBe("false");

        // History and events for each step.
        var actions = (await client.GetOk($"/api/v1/plans/{planId}/history")).GetProperty("items").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        actions.ShouldContain("revisionOpened");
        actions.ShouldContain("revised");
        actions.ShouldContain("reported");
        var types = (await client.GetOk($"/api/v1/events?limit=500&unitId={boardId}")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        types.ShouldContain("plan.revisionOpened");
        types.ShouldContain("plan.revised");
        types.ShouldContain("followUp.reported");
    }

    [Fact]
    public async Task Discarding_a_revision_restores_the_plan_exactly_as_adopted()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan(2025);
        var before = await client.GetOk($"/api/v1/plans/{planId}");
        await client.PutOk($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(2, 3));
        await client.PostOk($"/api/v1/plans/{planId}/revisions", new { reason = "Omprövning" });
        var activity = RiskIn(before, granskning).GetProperty("activities")[0].GetProperty("id").GetInt64();
        (await Send(client, HttpMethod.Patch, $"/api/v1/risks/{granskning}", new { probability = 4, motivation = "Ny motivering som är tillräckligt utförlig för granskningen." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Send(client, HttpMethod.Patch, $"/api/v1/risks/{granskning}/activities/{activity}", new { measure = "Nytt mätvärde", status = "inProgress" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await client.PostOk($"/api/v1/risks/{granskning}/activities", Activity("2025-11-30"));
        var added = (await client.PostOk($"/api/v1/plans/{planId}/risks", Risk("Ny risk", "bevakning", 2, 2))).GetProperty("id").GetInt64();

        (await Send(client, HttpMethod.Delete, $"/api/v1/plans/{planId}/revisions/1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await client.GetOk($"/api/v1/plans/{planId}");
        after.GetProperty("status").GetString().ShouldBe("adopted");
        (await client.GetAsync($"/api/v1/risks/{added}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        static string Content(JsonElement risk) => JsonSerializer.Serialize(new
        {
            title = risk.GetProperty("title").GetString(), p = risk.GetProperty("probability").GetInt32(), c = risk.GetProperty("consequence").GetInt32(),
            motivation = risk.GetProperty("motivation").GetString(),
            activities = risk.GetProperty("activities").EnumerateArray().Select(a => $"{a.GetProperty("id")}|{a.GetProperty("description")}|{a.GetProperty("measure")}|{a.GetProperty("due")}").ToList(),
        });
        after.GetProperty("risks").EnumerateArray().Select(Content).ShouldBe(before.GetProperty("risks").EnumerateArray().Select(Content));
        // The activity's progress is follow-up work and stays; so does the follow-up recorded meanwhile.
        RiskIn(after, granskning).GetProperty("activities")[0].GetProperty("status").GetString().ShouldBe("inProgress");
        RiskIn(after, bevakning).GetProperty("followUp1").ValueKind.ShouldBe(JsonValueKind.Object);
        var revision = await client.GetOk($"/api/v1/plans/{planId}/revisions/1");
        revision.GetProperty("state").GetString().ShouldBe("discarded");
        // Discarded, it is no longer open: neither adopted nor discarded again.
        (await Send(client, HttpMethod.Delete, $"/api/v1/plans/{planId}/revisions/1")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string, string, string?, int, string> Refusals => new()
    {
        // name, method, path ({plan}: a draft, {adopted}: an adopted plan), body, status, field named
        { "revising a draft", "POST", "/api/v1/plans/{plan}/revisions", "{\"reason\":\"Ny risk\"}", 409, "id" },
        { "revision without a reason", "POST", "/api/v1/plans/{adopted}/revisions", "{\"reason\":\"\"}", 400, "reason" },
        { "revision of an unknown plan", "POST", "/api/v1/plans/999999/revisions", "{\"reason\":\"Ny risk\"}", 404, "id" },
        { "adopting a revision that does not exist", "POST", "/api/v1/plans/{adopted}/revisions/7/adoption", "{\"date\":\"2025-08-27\",\"paragraph\":\"§ 208\",\"caseNumber\":\"X\"}", 404, "number" },
        { "adopting a revision without a date", "POST", "/api/v1/plans/{adopted}/revisions/1/adoption", "{\"paragraph\":\"§ 208\",\"caseNumber\":\"X\"}", 400, "date" },
        { "reporting round 3", "PUT", "/api/v1/plans/{adopted}/follow-ups/3/report", "{\"date\":\"2025-10-15\",\"paragraph\":\"§ 1\",\"caseNumber\":\"X\"}", 400, "round" },
        { "reporting without a paragraph", "PUT", "/api/v1/plans/{adopted}/follow-ups/1/report", "{\"date\":\"2025-10-15\",\"caseNumber\":\"X\"}", 400, "paragraph" },
        { "reporting a draft's round", "PUT", "/api/v1/plans/{plan}/follow-ups/1/report", "{\"date\":\"2025-10-15\",\"paragraph\":\"§ 1\",\"caseNumber\":\"X\"}", 409, "id" },
        { "a closure decision without its date", "POST", "/api/v1/plans/{adopted}/closure", "{\"paragraph\":\"§ 45\",\"caseNumber\":\"X\"}", 400, "date" },
        { "a bad asOf", "GET", "/api/v1/plans/{adopted}/assessment?asOf=juni", null, 400, "asOf" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_request_names_its_field_and_stores_nothing(string name, string method, string path, string? body, int status, string field)
    {
        var client = api.Admin();
        var draft = await client.CreatePlan(await client.CreateAdministration(), 2025);
        var (adopted, _, _) = await client.AdoptedPlan(2025);
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{plan}", draft.ToString()).Replace("{adopted}", adopted.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var before = DatabaseSnapshot.Take(api.Database);

        var response = await client.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(status, name);
        var problem = await response.Json();
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"{name}: errors should name {field}: {problem}");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before, name);
    }

    [Fact]
    public async Task A_stale_if_match_opens_no_revision_and_stores_nothing()
    {
        var client = api.Admin();
        var (planId, _, _) = await client.AdoptedPlan(2025);
        var before = DatabaseSnapshot.Take(api.Database);
        var response = await Send(client, HttpMethod.Post, $"/api/v1/plans/{planId}/revisions", new { reason = "Ny risk" }, "\"1\"");
        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }
}
