using System.Globalization;
using System.Net.Http.Json;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Kontrollmoment through the year: five controls (three tied to risks, two standing alone) from the draft through
/// adoption, both follow-ups with results and deviations, closure and copy; every view, report and the assessment.
/// </summary>
public sealed class ControlsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static object Result(string result, int? @checked = null, int? deviations = null, string? actions = null) =>
        new { result, @checked, deviations, actions };

    private static IEnumerable<string> Findings(JsonElement assessment, string area) =>
        assessment.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("area").GetString() == area)
            .GetProperty("findings").EnumerateArray().Select(f => f.GetString()!);

    private static string Judgement(JsonElement assessment, string area) =>
        assessment.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("area").GetString() == area).GetProperty("judgement").GetString()!;

    [Fact]
    public async Task Five_controls_go_through_adoption_both_follow_ups_closure_and_copy()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Hälso- och sjukvårdsförvaltningen");
        var plan = await admin.CreatePlan(unit, 2025);
        var granskning = await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));
        await admin.AddActivity(granskning, Risks.Activity("2025-10-31"));
        var bevakning = await admin.AddRisk(plan, Risks.Bevakning("Jäv vid upphandling"));
        var lower = await admin.AddRisk(plan, Risks.Lower("Otillåten journalåtkomst"));

        var attest = await admin.AddControl(plan, new
        {
            title = "Stickprov av fakturor (attest)", riskId = granskning, method = "stickprov", frequency = "halvarsvis",
            scope = "60 fakturor per halvår", responsible = "Controller", reportedTo = "Förvaltningsledningen",
        });
        var jav = await admin.AddControl(plan, new { title = "Genomgång av jävsdeklarationer", riskId = bevakning, method = "genomgang", frequency = "arligen", scope = "Alla upphandlingar över 100 000 kr" });
        var logg = await admin.AddControl(plan, new { title = "Loggkontroll av journalåtkomst", riskId = lower, method = "loggkontroll", frequency = "manadsvis", scope = "20 slumpvisa loggar per månad", responsible = "Verksamhetschef" });
        var delegation = await admin.AddControl(plan, new { title = "Avstämning mot delegationsordningen", method = "avstamning", frequency = "tertialvis", reportedTo = "Nämnden" });
        var kassa = await admin.AddControl(plan, new { title = "Kassainventering", method = "annan", frequency = "kvartalsvis", due = "2025-12-31" });
        attest.RiskId.ShouldBe(granskning);
        delegation.RiskId.ShouldBeNull();

        // A risk of another plan is no risk of this one; a sixth control is added and removed again.
        var otherPlan = await admin.CreatePlan(await admin.CreateAdministration("Annan förvaltning"), 2025);
        var foreign = await admin.AddRisk(otherPlan, Risks.Lower());
        var wrong = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/controls", Risks.Control(riskId: foreign), ApiFixture.Json);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("riskId");
        var badMethod = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/controls", new { title = "X", method = "gissning", frequency = "arligen" }, ApiFixture.Json);
        badMethod.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var spare = await admin.AddControl(plan);
        (await admin.DeleteAsync($"/api/v1/controls/{spare.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/v1/controls/{spare.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Changed in the draft, guarded by the control's ETag.
        var read = await admin.GetAsync($"/api/v1/controls/{kassa.Id}");
        var etag = read.Headers.ETag!.Tag;
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/controls/{kassa.Id}") { Content = JsonContent.Create(new { scope = "x" }) };
        stale.Headers.IfMatch.ParseAdd("\"999\"");
        (await admin.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/controls/{kassa.Id}") { Content = JsonContent.Create(new { scope = "Handkassan, alla enheter" }) };
        patch.Headers.IfMatch.ParseAdd(etag);
        var changed = await admin.SendAsync(patch);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Json()).GetProperty("scope").GetString().ShouldBe("Handkassan, alla enheter");

        // No results before adoption.
        (await admin.PutAsJsonAsync($"/api/v1/controls/{attest.Id}/results/1", Result("För tidigt"), ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var view = await admin.GetOk($"/api/v1/plans/{plan}");
        view.GetProperty("controls").GetArrayLength().ShouldBe(5);

        await admin.Adopt(plan, new { date = "2025-02-20", paragraph = "§ 14", caseNumber = "HSN 2025-00012" });
        // Adopted: the controls are part of the plan the nämnd adopted.
        (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/controls", Risks.Control(), ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.PatchAsJsonAsync($"/api/v1/controls/{attest.Id}", new { scope = "30 fakturor" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.DeleteAsync($"/api/v1/controls/{attest.Id}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.PutAsJsonAsync($"/api/v1/controls/{attest.Id}/results/3", Result("Tredje"), ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PutAsJsonAsync($"/api/v1/controls/{attest.Id}/results/1", Result("Fler avvikelser än kontrollerade", 5, 6), ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Uppföljning 1: every risk; four controls of five, one with deviations and no action told.
        foreach (var risk in new[] { granskning, bevakning, lower })
            await admin.RecordFollowUp1(risk, Risks.Round1(2, 3));
        var recorded = await admin.RecordControlResult(attest.Id, 1, Result("5 av 60 fakturor saknade attest", 60, 5));
        recorded.Results.Single().Deviations.ShouldBe(5);
        await admin.RecordControlResult(jav.Id, 1, Result("Inga avvikelser", 4, 0));
        await admin.RecordControlResult(logg.Id, 1, Result("1 otillåten åtkomst", 120, 1, "Ärendet anmält till IVO; medarbetaren har fått information."));
        await admin.RecordControlResult(delegation.Id, 1, Result("Delegationsordningen följs", 30, 0));

        var status = await admin.GetOk($"/api/v1/follow-up-status?year=2025&unitId={unit}");
        var row = status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("planId").GetInt64() == plan);
        row.GetProperty("round1").GetProperty("controls").GetProperty("done").GetInt32().ShouldBe(4);
        row.GetProperty("round1").GetProperty("controls").GetProperty("total").GetInt32().ShouldBe(5);
        row.GetProperty("round2").GetProperty("controls").GetProperty("done").GetInt32().ShouldBe(0);
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?year=2025&unitId={unit}");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = (await (await admin.SendAsync(csvRequest)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv.Single(l => l.StartsWith("planId", StringComparison.Ordinal)).TrimEnd('\r').Split(';', ',');
        var cells = csv.Single(l => l.StartsWith(plan.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).TrimEnd('\r').Split(';', ',');
        cells[Array.IndexOf(header, "round1ControlsDone")].ShouldBe("4");
        cells[Array.IndexOf(header, "round1ControlsTotal")].ShouldBe("5");

        var assessment = await admin.GetOk($"/api/v1/plans/{plan}/assessment");
        Findings(assessment, "carriedOut").ShouldContain(f => f.Contains("1 av 5 kontrollmoment saknar resultat vid uppföljning 1") && f.Contains("Kassainventering"));
        Findings(assessment, "actions").ShouldContain(f => f.Contains("Stickprov av fakturor (attest)") && f.Contains("5 avvikelser vid uppföljning 1"));

        // Uppföljning 1's missing result and action are made good; uppföljning 2 for everything.
        await admin.RecordControlResult(attest.Id, 1, Result("5 av 60 fakturor saknade attest", 60, 5, "Attestanterna har fått utbildning."));
        await admin.RecordControlResult(kassa.Id, 1, Result("Kassan stämmer", 3, 0));
        foreach (var risk in new[] { granskning, bevakning, lower })
            await admin.RecordFollowUp2(risk, Risks.Round2(2, 2));
        await admin.RecordControlResult(attest.Id, 2, Result("2 av 60 fakturor saknade attest", 60, 2, "Påminnelse till berörda chefer."));
        await admin.RecordControlResult(jav.Id, 2, Result("Inga avvikelser", 5, 0));
        await admin.RecordControlResult(logg.Id, 2, Result("Inga otillåtna åtkomster", 120, 0));
        await admin.RecordControlResult(delegation.Id, 2, Result("Delegationsordningen följs", 30, 0));
        await admin.RecordControlResult(kassa.Id, 2, Result("Kassan stämmer", 3, 0));

        assessment = await admin.GetOk($"/api/v1/plans/{plan}/assessment");
        Findings(assessment, "carriedOut").ShouldNotContain(f => f.Contains("kontrollmoment", StringComparison.OrdinalIgnoreCase));
        Findings(assessment, "actions").ShouldNotContain(f => f.Contains("Kontrollmomentet", StringComparison.Ordinal));

        var summary = await admin.GetOk($"/api/v1/plans/{plan}/summary");
        summary.GetProperty("controls").GetArrayLength().ShouldBe(5);
        summary.GetProperty("followUps").GetProperty("controlsRound2").GetProperty("done").GetInt32().ShouldBe(5);
        var htmlRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        htmlRequest.Headers.Accept.ParseAdd("text/html");
        var html = System.Net.WebUtility.HtmlDecode(await (await admin.SendAsync(htmlRequest)).Content.ReadAsStringAsync());
        html.ShouldContain("<h2>Kontrollplan</h2>");
        foreach (var heading in new[] { "Kontrollmoment", "Metod", "Frekvens", "Omfattning", "Ansvarig", "Rapporteras till" })
            html.ShouldContain($"<th>{heading}</th>");
        html.ShouldContain("60 fakturor per halvår");
        html.ShouldContain("Halvårsvis");
        html.ShouldContain("Fristående kontrollmoment");
        html.ShouldContain("Kontrollmoment, uppföljning 1");
        html.ShouldContain("Kontrollmoment, uppföljning 2");
        html.ShouldContain("Påminnelse till berörda chefer.");
        html.IndexOf("<h2>Kontrollplan</h2>", StringComparison.Ordinal).ShouldBeGreaterThan(html.IndexOf("<h2>Lägre risker", StringComparison.Ordinal));

        // The events feed carries every kind of control event.
        var events = await admin.GetOk("/api/v1/events?limit=500&type=control.created,control.changed,control.deleted,controlResult.recorded");
        var types = events.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("planId").GetInt64() == plan).Select(e => e.GetProperty("type").GetString()).ToHashSet();
        types.ShouldBe(["control.created", "control.changed", "control.deleted", "controlResult.recorded"], ignoreOrder: true);

        await admin.Close(plan);
        (await admin.PutAsJsonAsync($"/api/v1/controls/{attest.Id}/results/2", Result("Efteråt"), ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The copy carries every control over, without results, each tied to its risk's copy.
        var copy = await admin.Copy(plan, 2026);
        var copied = (await admin.Typed().ListControlsAsync(copy.Id)).Items;
        copied.Count.ShouldBe(5);
        copied.ShouldAllBe(c => c.Results.Count == 0);
        copied.Select(c => c.CopiedFromControlId).ShouldBe([attest.Id, jav.Id, logg.Id, delegation.Id, kassa.Id]);
        var newRisks = copy.Risks.ToDictionary(r => r.CopiedFromRiskId!.Value, r => r.Id);
        copied[0].RiskId.ShouldBe(newRisks[granskning]);
        copied[2].RiskId.ShouldBe(newRisks[lower]);
        copied[3].RiskId.ShouldBeNull();
        copied[4].Due.ShouldBeNull();
    }

    [Fact]
    public async Task A_control_of_a_marked_risk_is_redacted_with_it_and_a_standalone_control_is_not()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning med sekretess");
        var plan = await admin.CreatePlan(unit, 2025);
        var risk = await admin.AddRisk(plan, Risks.Granskning("Hot mot skyddade personuppgifter"));
        await admin.AddActivity(risk, Risks.Activity("2025-10-31"));
        await admin.AddControl(plan, new { title = "Loggkontroll av skyddade identiteter", riskId = risk, method = "loggkontroll", frequency = "manadsvis", scope = "HEMLIG omfattning" });
        await admin.AddControl(plan, new { title = "Attest av fakturor", method = "stickprov", frequency = "halvarsvis" });
        await admin.PutOk($"/api/v1/risks/{risk}/secrecy", new { ground = "OSL 18 kap. 8 §" });
        await admin.Adopt(plan);

        var (_, systemKey) = await admin.CreateApiClient("Regionens system", "system");
        var system = api.WithKey(systemKey);
        var summary = await system.GetOk($"/api/v1/plans/{plan}/summary");
        var controls = summary.GetProperty("controls").EnumerateArray().ToList();
        controls[0].GetProperty("title").GetString().ShouldBe("Sekretessmarkerat kontrollmoment");
        controls[0].GetProperty("method").GetString().ShouldBe("loggkontroll");
        controls[1].GetProperty("title").GetString().ShouldBe("Attest av fakturor");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        var html = await (await system.SendAsync(request)).Content.ReadAsStringAsync();
        foreach (var text in new[] { summary.GetRawText(), html, (await system.GetOk($"/api/v1/events?limit=500&unitId={unit}")).GetRawText() })
        {
            text.ShouldNotContain("skyddade identiteter");
            text.ShouldNotContain("HEMLIG");
        }
        // Whoever reads it all reads the control whole.
        (await admin.GetOk($"/api/v1/plans/{plan}")).GetProperty("controls")[0].GetProperty("scope").GetString().ShouldBe("HEMLIG omfattning");
    }

    [Fact]
    public async Task A_plan_at_its_limit_refuses_control_201()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Många kontroller"), 2025);
        for (var i = 0; i < 200; i++) await admin.AddControl(plan, Risks.Control($"Kontroll {i}"));
        var third = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/controls", Risks.Control(), ApiFixture.Json);
        third.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await third.Content.ReadAsStringAsync()).ShouldContain("Limits:MaxControlsPerPlan");
    }
}
