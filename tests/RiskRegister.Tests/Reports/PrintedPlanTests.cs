using System.Text.RegularExpressions;
using RiskRegister.Api.Demo;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// The demo plans as a nämnd secretary gets them: the HTML document printed to PDF by headless Chromium and read back
/// with pdftotext, page by page.
/// </summary>
public sealed partial class PrintedPlanTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    private async Task<(System.Text.Json.JsonElement Summary, IReadOnlyList<string> Pages)> Printed(long planId)
    {
        var client = api.Admin();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        var pages = await HeadlessChromium.PdfPagesAsync(await HeadlessChromium.PrintToPdfAsync(html));
        return (await client.GetOk($"/api/v1/plans/{planId}/summary"), pages);
    }

    private async Task<List<long>> DemoPlans()
    {
        var plans = (await api.Admin().Typed().ListPlansAsync(year: 2023)).Items.Select(p => p.Id).ToList();
        plans.Count.ShouldBe(2);   // both NORV plans, or the loops below would check nothing
        return plans;
    }

    /// <summary>Västerbotten's HSN 2025 plan, revised in June (a risk added, one raised).</summary>
    private async Task<long> RevisedDemoPlan()
    {
        var board = await api.Admin().UnitNamed(Vasterbotten.BoardName, board: true);
        return (await api.Admin().Typed().ListPlansAsync(board, 2025, null, null, null)).Items.Single().Id;
    }

    private async Task<string> HtmlOf(long planId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        return System.Net.WebUtility.HtmlDecode(await (await api.Admin().SendAsync(request)).Content.ReadAsStringAsync());
    }

    private static string Flat(string text) => Whitespace().Replace(text, " ");

    [Fact]
    public async Task Every_printed_page_is_numbered_and_carries_the_decision_in_its_footer()
    {
        foreach (var planId in await DemoPlans())
        {
            var (summary, pages) = await Printed(planId);
            pages.Count.ShouldBeGreaterThan(1);
            var caseNumber = summary.GetProperty("plan").GetProperty("decision").GetProperty("caseNumber").GetString()!;
            for (var page = 1; page <= pages.Count; page++)
            {
                Flat(pages[page - 1]).ShouldContain($"Sida {page} av {pages.Count}", customMessage: $"plan {planId}, page {page}");
                Flat(pages[page - 1]).ShouldContain($"Dnr {caseNumber}", customMessage: $"plan {planId}, page {page}");
                Flat(pages[page - 1]).ShouldNotContain(" UTC");   // printed in Swedish time
                // No page holds only its footer.
                Flat(pages[page - 1]).Replace($"Sida {page} av {pages.Count}", "").Length.ShouldBeGreaterThan(200, $"plan {planId}, page {page}");
            }
        }
    }

    [Fact]
    public async Task The_plan_document_says_what_the_assessment_finds_and_nothing_it_contradicts()
    {
        // The NORV plans, and Västerbotten's plan as revised in June.
        foreach (var planId in (await DemoPlans()).Append(await RevisedDemoPlan()))
        {
            var client = api.Admin();
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}/summary");
            request.Headers.Accept.ParseAdd("text/html");
            var html = System.Net.WebUtility.HtmlDecode(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
            var assessment = await client.GetOk($"/api/v1/plans/{planId}/assessment");
            var areas = assessment.GetProperty("areas").EnumerateArray().ToDictionary(a => a.GetProperty("area").GetString()!);
            string[] Findings(string area) => areas[area].GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToArray();

            // Each risk's entry says its activity is missing exactly where the assessment finds it missing.
            var entries = RiskEntry().Matches(html).Select(m => m.Value).ToList();
            var summary = await client.GetOk($"/api/v1/plans/{planId}/summary");
            foreach (var risk in summary.GetProperty("risks").EnumerateArray().Where(r => r.GetProperty("handlingMethod").GetString() != "none"))
            {
                var title = risk.GetProperty("title").GetString()!;
                var entry = entries.Single(e => e.Contains(title));
                var found = Findings("contents").Any(f => f.StartsWith($"Risken \"{title}\"") && f.EndsWith("saknar aktivitet med mätvärde och tidplan."));
                entry.Contains("Aktivitet med mätvärde och tidplan saknas.").ShouldBe(found, $"plan {planId}: {title}");
                entry.ShouldNotContain("krävs inte");
            }
            // The lower risks are listed in the document, and the assessment never says they are missing.
            html.ShouldContain("Lägre risker utan hanteringsmetod");
            Findings("contents").ShouldNotContain(f => f.Contains("lägre risker"));
            // "Samtliga … har följts upp" only where the assessment finds no risk without that round.
            foreach (var (round, area) in new[] { (1, "followUp1"), (2, "followUp2") })
            {
                var all = Regex.IsMatch(html, $@"<h2>Uppföljning {round}</h2>\s*<p class=""lead"">Samtliga");
                all.ShouldBe(!Findings(area).Any(f => f.Contains($"saknar uppföljning {round}") || f.Contains($"Uppföljning {round} är inte genomförd")), $"plan {planId}, round {round}");
            }
            // An adopted plan is no proposal, and says when it was adopted.
            html.ShouldNotContain("Förslag till");
            html.ShouldContain("Fastställd av nämnden");
            // A revised plan: its revision's decision, no statement that values are unchanged since adoption (the
            // revision changed one), and nothing called a proposal; a risk is marked exactly where a revision touched it.
            var revisions = summary.GetProperty("plan").GetProperty("revisions").EnumerateArray().ToList();
            var touched = revisions.SelectMany(v => v.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("riskId").GetInt64())).ToHashSet();
            foreach (var risk in summary.GetProperty("risks").EnumerateArray().Where(r => r.GetProperty("handlingMethod").GetString() != "none"))
            {
                var title = risk.GetProperty("title").GetString()!;
                entries.Single(e => e.Contains(title)).Contains("vid revidering").ShouldBe(touched.Contains(risk.GetProperty("id").GetInt64()), $"plan {planId}: {title}");
            }
            if (revisions.Count > 0)
            {
                html.ShouldContain("<dt>Reviderad</dt>");
                html.ShouldNotContain("sedan planen fastställdes");
                html.ShouldNotContain("Revidering pågår");
                html.ShouldNotContain("förslaget till revidering");
                // The assessment's own words about unchanged values must not contradict the revision either.
                assessment.GetRawText().ShouldNotContain("oförändrade sedan planen fastställdes");
            }
        }
    }

    [Fact]
    public async Task A_revised_plan_prints_Reviderad_with_its_decision_and_marks_the_risks_the_revision_added_or_changed()
    {
        var planId = await RevisedDemoPlan();
        var summary = await api.Admin().GetOk($"/api/v1/plans/{planId}/summary");
        var html = await HtmlOf(planId);

        // The JSON carries what the document prints: the revision, its decision and each change with its values.
        var revision = summary.GetProperty("plan").GetProperty("revisions").EnumerateArray().ShouldHaveSingleItem();
        revision.GetProperty("state").GetString().ShouldBe("adopted");
        (revision.GetProperty("decision").GetProperty("date").GetString(), revision.GetProperty("decision").GetProperty("paragraph").GetString()).ShouldBe(("2025-06-11", "§ 87"));
        var risks = summary.GetProperty("risks").EnumerateArray().ToDictionary(r => r.GetProperty("title").GetString()!, r => r.GetProperty("id").GetInt64());
        var changes = revision.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("riskId").GetInt64());
        changes[risks[Vasterbotten.Lakemedel]].GetProperty("change").GetString().ShouldBe("added");
        changes[risks[Vasterbotten.Lakemedel]].GetProperty("from").ValueKind.ShouldBe(JsonValueKind.Null);
        changes[risks[Vasterbotten.Nutritionsavtal]].GetProperty("change").GetString().ShouldBe("changed");
        (changes[risks[Vasterbotten.Nutritionsavtal]].GetProperty("from").GetProperty("score").GetInt32(), changes[risks[Vasterbotten.Nutritionsavtal]].GetProperty("to").GetProperty("score").GetInt32()).ShouldBe((8, 12));

        // The header: the original decision and, beside it, the revision's.
        html.ShouldContain("<dt>Fastställd av nämnden</dt><dd>2025-02-12 § 14</dd>");
        html.ShouldContain("<dt>Reviderad</dt><dd>2025-06-11 §\u00A087</dd>");
        // The legend, and each marked risk.
        html.ShouldContain("Planen har reviderats. Risker som har lagts till eller ändrats vid en revidering är markerade");
        var entries = RiskEntry().Matches(html).Select(m => m.Value).ToList();
        entries.Single(e => e.Contains(Vasterbotten.Lakemedel)).ShouldContain("<p class=\"revised\">Ny vid revidering 2025-06-11</p>");
        entries.Single(e => e.Contains(Vasterbotten.Nutritionsavtal)).ShouldContain("<p class=\"revised\">Ändrad vid revidering 2025-06-11</p>");
        entries.Count(e => e.Contains("vid revidering")).ShouldBe(2);
        // The section listing the revision.
        html.ShouldContain("<h2>Revidering av planen</h2>");
        html.ShouldContain("Revidering 1, fastställd av nämnden 2025-06-11 §\u00A087");
        html.ShouldContain($"Ändrad risk: {Number(summary, Vasterbotten.Nutritionsavtal)}. {Vasterbotten.Nutritionsavtal}, riskvärdet höjt från 8 (2×4) till 12 (3×4).");
        html.ShouldContain($"Ny risk: {Number(summary, Vasterbotten.Lakemedel)}. {Vasterbotten.Lakemedel}, riskvärde 9 (3×3).");
        html.ShouldContain("Riskvärden vid fastställande och revidering");
        html.ShouldContain("reviderad 2025-06-11 §");   // every page's footer
    }

    private static int Number(JsonElement summary, string title) =>
        summary.GetProperty("risks").EnumerateArray().Select((r, i) => (r, i)).Single(x => x.r.GetProperty("title").GetString() == title).i + 1;

    [Fact]
    public async Task An_open_revision_prints_as_a_proposal_and_never_as_adopted_until_the_nämnd_adopts_it()
    {
        var admin = api.Admin();
        var board = await admin.CreateBoard("Nämnden som reviderar sin plan");
        var unit = await admin.CreateUnit("Förvaltningen som reviderar", board.Id);
        var planId = await admin.CreatePlan(unit.Id, 2027);   // not the demo's years, which the other tests count
        var raised = await admin.AddRisk(planId, Risks.Bevakning("Kompetensförsörjning", 2, 3));
        await admin.Adopt(planId);
        await admin.PostOk($"/api/v1/plans/{planId}/revisions", new { reason = "En ny risk har uppstått under året." });
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{raised}", new { probability = 3 }, ApiFixture.Json)).EnsureSuccessStatusCode();
        var added = await admin.AddRisk(planId, Risks.Lower("Lokalförsörjning", 1, 2));

        var open = await HtmlOf(planId);
        open.ShouldContain("<dt>Revidering pågår</dt><dd>förslag, ännu inte fastställt av nämnden</dd>");
        open.ShouldContain("Revidering pågår. Risker markerade");
        open.ShouldContain("Revidering 1, förslag – ännu inte fastställd av nämnden");
        open.ShouldContain("<p class=\"revised proposed\">Ändrad i förslaget till revidering</p>");
        open.ShouldContain("<p class=\"revised proposed\">Ny i förslaget till revidering</p>");   // the added lower risk, in the lower risks' table
        open.ShouldContain("riskvärdet föreslås höjas från 6 (2×3) till 9 (3×3)");
        open.ShouldContain("Ny risk i förslaget till revidering: följs upp när nämnden har fastställt revideringen.");
        open.ShouldNotContain("<dt>Reviderad</dt>");
        open.ShouldNotContain("vid revidering 20");
        open.ShouldContain("Riskvärden med förslaget till revidering");
        var json = (await admin.GetOk($"/api/v1/plans/{planId}/summary")).GetProperty("plan").GetProperty("revisions").EnumerateArray().ShouldHaveSingleItem();
        (json.GetProperty("state").GetString(), json.GetProperty("decision").ValueKind).ShouldBe(("open", JsonValueKind.Null));
        // Round progress counts the adopted risks only: the proposed one waits for the nämnd.
        (await admin.GetOk($"/api/v1/plans/{planId}/summary")).GetProperty("followUps").GetProperty("round1").GetProperty("total").GetInt32().ShouldBe(1);

        await admin.PostOk($"/api/v1/plans/{planId}/revisions/1/adoption", new { date = "2023-06-14", paragraph = "§ 40", caseNumber = "2023-POL000381" });
        var adopted = await HtmlOf(planId);
        adopted.ShouldContain("<dt>Reviderad</dt><dd>2023-06-14 §\u00A040</dd>");
        adopted.ShouldContain("<p class=\"revised\">Ändrad vid revidering 2023-06-14</p>");
        adopted.ShouldContain("<p class=\"revised\">Ny vid revidering 2023-06-14</p>");
        adopted.ShouldNotContain("förslaget till revidering");
        adopted.ShouldNotContain("Revidering pågår");
        added.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_Kontrollplan_breaks_words_only_at_spaces_never_inside_one()
    {
        // The rule: the Kontrollplan's tables are laid out automatically and never break inside a word.
        var css = RiskRegister.Api.Features.Reports.DocumentStyle.Css;
        css.ShouldContain("table.controls, table.control-results, table.plans { table-layout: auto; }");
        css.ShouldContain("table.controls th, table.controls td, table.control-results th, table.control-results td, table.plans th, table.plans td { overflow-wrap: normal; word-break: normal; hyphens: manual; }");
        css.ShouldNotContain("overflow-wrap: anywhere");
        // And on paper: the long compounds of the demo's controls come out whole.
        var (_, pages) = await Printed((await DemoPlans())[0]);
        var text = Flat(string.Join(" ", pages));
        var plan = text[text.IndexOf("Kontrollplan Nr", StringComparison.Ordinal)..];
        foreach (var word in new[] { "Omfattning", "Förvaltningschef", "Förvaltningsledningen", "Rapporteras till", "Halvårsvis", "Tertialvis" })
            plan.ShouldContain(word);
    }

    [Fact]
    public async Task A_draft_prints_as_a_proposal_without_follow_ups_or_changes_since_adoption()
    {
        var admin = api.Admin();
        var draft = (await admin.Copy((await DemoPlans())[0], 2024)).Id;
        var (_, pages) = await Printed(draft);
        var text = Flat(string.Join(" ", pages));

        text.ShouldContain("Förslag till riskanalys och riskhanteringsplan 2024");
        // The plan's own texts (carried into the copy) may speak of the rounds; what follows them must not print any.
        // An improvement area the copy carried forward names the round it came from ("Förbättringsområde från uppföljning 2 av 2023 års plan").
        var afterTexts = System.Text.RegularExpressions.Regex.Replace(text[text.IndexOf("Sammanfattning", StringComparison.Ordinal)..],
            @"från uppföljning 2 av \d{4} års plan", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        foreach (var absent in new[] { "Uppföljning 1", "Uppföljning 2", "ej genomförd", "sedan planen fastställdes", "Riskvärden vid fastställande" })
            afterTexts.ShouldNotContain(absent);
        foreach (var absent in new[] { "Utkast", "Ej fastställd" })
            text.ShouldNotContain(absent);
        text.ShouldContain("Riskvärden i förslaget");
        text.ShouldContain("Inför fastställande");
        // The opening section: the scale's labels and bands, and what each handling method means.
        foreach (var present in new[] { "Osannolik", "Mycket allvarlig", "9–16", "Hanteringsmetod Innebörd", "Lägre risk som inte kräver någon särskild hantering" })
            text.ShouldContain(present);
        for (var page = 1; page <= pages.Count; page++)
            Flat(pages[page - 1]).ShouldContain($"Sida {page} av {pages.Count}");
    }

    [Fact]
    public async Task A_subheading_never_ends_a_page_without_the_table_it_heads()
    {
        // Västerbotten's revised plan printed "Kontrollmoment, uppföljning 1" (and 2) as the last line of a page, its
        // table on the next: every h3 now keeps with what follows it.
        RiskRegister.Api.Features.Reports.DocumentStyle.Css.ShouldContain("h3 { font-size: 10.5pt; margin: 0; line-height: 1.3; break-after: avoid; page-break-after: avoid; }");
        var (_, pages) = await Printed(await RevisedDemoPlan());
        var headed = 0;
        foreach (var (page, number) in pages.Select((p, i) => (Flat(p), i + 1)))
            foreach (var round in new[] { 1, 2 })
            {
                var at = page.IndexOf($"Kontrollmoment, uppföljning {round}", StringComparison.Ordinal);
                if (at < 0) continue;
                headed++;
                page.IndexOf("Kontrollerade", at, StringComparison.Ordinal).ShouldBeGreaterThan(at, $"page {number}: the heading of round {round}'s controls without its table");
            }
        headed.ShouldBe(2);
    }

    [Fact]
    public async Task A_revised_plans_changed_values_start_from_the_value_as_adopted_or_revised_as_its_matrix_says()
    {
        // The first column holds a risk's value after the revisions (a raised or added risk's, which the nämnd never
        // adopted as such): called "Fastställt" it said what was not so; it reads as the matrix above it does.
        var html = await HtmlOf(await RevisedDemoPlan());
        html.ShouldContain("Riskvärden vid fastställande och revidering");
        html.ShouldContain("<th>Vid fastställande och revidering</th><th>Uppföljning 1</th>");
        html.ShouldNotContain("<th>Fastställt</th>");
    }

    [Fact]
    public async Task A_control_marked_itself_is_warned_of_on_the_first_page_and_prints_redacted_with_its_ground_in_the_title_once()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Förvaltning med skyddade identiteter"), 2025);
        var control = await admin.AddControl(plan, new { title = "Loggkontroll av skyddade identiteter", method = "stickprov", frequency = "tertialvis" });
        await admin.PutOk($"/api/v1/controls/{control.Id}/secrecy", new { ground = "OSL 21 kap. 3 §", note = "Röjer skyddade identiteter." });
        async Task<string> Html(HttpClient client)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
            request.Headers.Accept.ParseAdd("text/html");
            return System.Net.WebUtility.HtmlDecode(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        }

        // Read whole: the title, then the marking with its note.
        var whole = await Html(admin);
        whole.ShouldContain("<strong>Loggkontroll av skyddade identiteter</strong><p class=\"secrecy\"><strong>Sekretessmarkerad (OSL 21 kap. 3 §).</strong> Röjer skyddade identiteter.</p>");
        // The first page warns of it as of a marked risk (it said nothing when only a control was marked).
        whole.ShouldContain("sekretesslagen (OSL 21 kap. 3 §): 1 kontrollmoment är sekretessmarkerat nedan. Gör en menprövning innan handlingen lämnas ut.");
        // Redacted: the ground in the title, as a redacted risk's, and not a second line saying the same.
        var (_, systemKey) = await admin.CreateApiClient("Regionens system", "system");
        var redacted = await Html(api.WithKey(systemKey));
        redacted.ShouldContain("<strong>Sekretessmarkerat kontrollmoment (OSL 21 kap. 3 §)</strong>");
        redacted.ShouldNotContain("Sekretessmarkerad (OSL 21 kap. 3 §).");
        redacted.ShouldNotContain("Loggkontroll");
        redacted.ShouldContain("Utdrag. Uppgifterna om 1 kontrollmoment har utelämnats med stöd av offentlighets- och sekretesslagen (OSL 21 kap. 3 §).</p>");
    }

    [Fact]
    public async Task A_lower_risk_is_listed_once_among_the_lower_risks_not_among_the_handled_ones()
    {
        foreach (var planId in await DemoPlans())
        {
            var (summary, pages) = await Printed(planId);
            var text = Flat(string.Join(" ", pages));
            var handled = text[text.IndexOf("Risker och hantering", StringComparison.Ordinal)..text.IndexOf("Lägre risker utan hanteringsmetod", StringComparison.Ordinal)];
            // The lower risks' section ends where the Kontrollplan begins (which may name a lower risk a control checks).
            var lower = text[text.IndexOf("Lägre risker utan hanteringsmetod", StringComparison.Ordinal)..text.IndexOf("Kontrollplan", text.IndexOf("Lägre risker utan hanteringsmetod", StringComparison.Ordinal), StringComparison.Ordinal)];
            if (planId == (await DemoPlans())[1]) summary.GetProperty("lowerRisks").GetArrayLength().ShouldBe(13);   // Medicinsk service
            foreach (var risk in summary.GetProperty("lowerRisks").EnumerateArray())
            {
                var title = risk.GetProperty("title").GetString()!;
                handled.ShouldNotContain(title, customMessage: $"plan {planId}");
                Regex.Matches(lower, Regex.Escape(title)).Count.ShouldBe(1, $"plan {planId}: {title}");
            }
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<article class=""risk"">.*?</article>", RegexOptions.Singleline)]
    private static partial Regex RiskEntry();
}
