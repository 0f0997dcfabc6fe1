using RiskRegister.Client;

namespace RiskRegister.Tests.Features;

/// <summary>
/// The plan's own texts (api.md, "Plans at every level, their texts and corrections"): documentTitle with its configured
/// default, introduction, process and the decision on follow-up, in the plan, the summary and the printed document;
/// corrected with PATCH while a draft, a draft removed with DELETE, both with If-Match and history; the copy keeps them.
/// </summary>
public sealed class PlanTextsTests(PlanTextsTests.Fixture api) : IClassFixture<PlanTextsTests.Fixture>
{
    /// <summary>A region whose plans are called Internkontrollplan unless they say otherwise.</summary>
    public sealed class Fixture : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Plans:DocumentTitle", "Internkontrollplan")];
    }

    private const string Introduction = "Nämnden ska enligt kommunallagen se till att den interne kontrollen är tillräcklig.";
    private const string Process = "Riskanalysen gjordes vid nämndens workshop i oktober tillsammans med förvaltningens ledning.";
    private const string FollowUpDecision = "Uppföljning 1 rapporteras till nämnden i samband med delårsrapporten, uppföljning 2 med årsrapporten.";

    private static async Task<string> PlanETag(HttpClient client, long planId)
    {
        using var response = await client.GetAsync($"/api/v1/plans/{planId}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string path, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        return request;
    }

    [Fact]
    public async Task A_plan_takes_its_texts_and_the_configured_document_title_unless_it_names_its_own()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration();

        var plan = await admin.CreatePlanWithTexts(unit, 2025, title: "Hälso- och sjukvårdsnämndens plan", introduction: Introduction, process: Process, followUpDecision: FollowUpDecision);
        var tillsyn = await admin.CreatePlanWithTexts(unit, 2026, documentTitle: "Tillsynsplan");

        plan.DocumentTitle.ShouldBe("Internkontrollplan");
        (plan.Introduction, plan.Process, plan.FollowUpDecision).ShouldBe((Introduction, Process, FollowUpDecision));
        tillsyn.DocumentTitle.ShouldBe("Tillsynsplan");
        var summary = (await admin.GetOk($"/api/v1/plans/{plan.Id}/summary")).GetProperty("plan");
        summary.GetProperty("documentTitle").GetString().ShouldBe("Internkontrollplan");
        summary.GetProperty("followUpDecision").GetString().ShouldBe(FollowUpDecision);
        var html = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan.Id}/summary") { Headers = { { "Accept", "text/html" } } });
        var document = await html.Content.ReadAsStringAsync();
        document.ShouldContain("<h1>Förslag till internkontrollplan 2025</h1>");
        document.ShouldContain("<h2>Beslut om uppföljning</h2>");
        document.ShouldContain(Process);
        document.ShouldNotContain("Riskanalys och riskhanteringsplan 2025");
    }

    [Fact]
    public async Task A_drafts_title_and_texts_are_corrected_with_If_Match_and_history_a_stale_ETag_is_412()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlanWithTexts(await admin.CreateAdministration(), 2025, title: "Hälso- och sjukvårdsnämdens plan");
        var etag = await PlanETag(admin, plan.Id);

        var response = await admin.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/plans/{plan.Id}", etag,
            new { title = "Hälso- och sjukvårdsnämndens plan", documentTitle = "Tillsynsplan", introduction = Introduction }));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = await response.Json();
        changed.GetProperty("title").GetString().ShouldBe("Hälso- och sjukvårdsnämndens plan");
        changed.GetProperty("documentTitle").GetString().ShouldBe("Tillsynsplan");
        changed.GetProperty("introduction").GetString().ShouldBe(Introduction);
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        var entry = (await admin.GetOk($"/api/v1/plans/{plan.Id}/history")).GetProperty("items").EnumerateArray().First();
        entry.GetProperty("action").GetString().ShouldBe("changed");
        entry.GetProperty("before").GetProperty("title").GetString().ShouldBe("Hälso- och sjukvårdsnämdens plan");
        (await admin.GetOk($"/api/v1/events?type=plan.changed")).GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("planId").GetInt64() == plan.Id);

        // An empty documentTitle gives back the configured one; the old ETag is stale.
        var before = DatabaseSnapshot.Take(api.Database);
        (await admin.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/plans/{plan.Id}", etag, new { title = "Fel" }))).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
        (await admin.Typed().ChangePlanAsync(plan.Id, new ChangePlanRequest { DocumentTitle = "" })).DocumentTitle.ShouldBe("Internkontrollplan");
    }

    [Fact]
    public async Task An_adopted_plans_texts_and_the_plan_itself_stay_409_naming_its_state_and_nothing_stored()
    {
        var admin = api.Admin();
        var (planId, _, _) = await admin.AdoptedPlan(2025);
        var before = DatabaseSnapshot.Take(api.Database);

        var patch = await admin.PatchAsJsonAsync($"/api/v1/plans/{planId}", new { title = "Ny titel" });
        var delete = await admin.DeleteAsync($"/api/v1/plans/{planId}");

        patch.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await patch.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("adopted");
        delete.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await delete.Json()).GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("adopted");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_draft_for_the_wrong_year_is_removed_with_its_risks_its_history_stays_and_the_year_is_free_again()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration();
        var plan = await admin.CreatePlanView(unit, 2052);
        var risk = await admin.AddRisk(plan.Id, Risks.Granskning());
        await admin.AddActivity(risk);
        var etag = await PlanETag(admin, plan.Id);

        (await admin.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/plans/{plan.Id}", "\"1\""))).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var response = await admin.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/plans/{plan.Id}", etag));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/v1/plans/{plan.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/v1/risks/{risk}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var deleted = (await admin.GetOk("/api/v1/events?type=plan.deleted")).GetProperty("items").EnumerateArray().Single(e => e.GetProperty("planId").GetInt64() == plan.Id);
        deleted.GetProperty("data").GetProperty("year").GetInt32().ShouldBe(2052);
        (await admin.CreatePlanView(unit, 2052)).Year.ShouldBe(2052);
    }

    [Fact]
    public async Task The_copy_keeps_the_title_and_texts_and_carries_over_only_the_unfinished_activities()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlanWithTexts(await admin.CreateAdministration(), 2025, title: "HSN 2025", documentTitle: "Tillsynsplan",
            introduction: Introduction, process: Process, followUpDecision: FollowUpDecision);
        var risk = await admin.AddRisk(plan.Id, Risks.Granskning());
        var done = await admin.AddActivity(risk, new { description = "Genomgång av avtal", measure = "Alla avtal granskade", due = "2025-06-30" });
        await admin.AddActivity(risk, new { description = "Upphandla nytt nutritionsavtal", measure = "Avtal tecknat", due = "2025-08-22", responsible = "Upphandlingschef" });
        await admin.Adopt(plan.Id);
        await admin.PatchAsJsonAsync($"/api/v1/risks/{risk}/activities/{done.Id}", new { status = "done" });

        var copy = await admin.Copy(plan.Id, 2026);

        (copy.Title, copy.DocumentTitle, copy.Introduction, copy.Process, copy.FollowUpDecision).ShouldBe(("HSN 2025", "Tillsynsplan", Introduction, Process, FollowUpDecision));
        var carried = copy.Risks.Single().Activities.ShouldHaveSingleItem();
        (carried.Description, carried.Measure, carried.Due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), carried.Responsible)
            .ShouldBe(("Upphandla nytt nutritionsavtal", "Avtal tecknat", "2026-08-22", "Upphandlingschef"));
        (carried.Status, carried.CarriedOver).ShouldBe((HandlingStatus.NotStarted, true));
    }
}
