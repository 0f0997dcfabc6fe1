using System.Text.RegularExpressions;

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
        foreach (var planId in await DemoPlans())
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
                all.ShouldBe(!Findings(area).Any(f => f.Contains($"saknar uppföljning {round}")), $"plan {planId}, round {round}");
            }
            // An adopted plan is no proposal, and says when it was adopted.
            html.ShouldNotContain("Förslag till");
            html.ShouldContain("Fastställd av nämnden");
        }
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
        // An improvement area the copy carried forward names the round it came from ("Förbättringsområde från uppföljning 2 2023").
        var afterTexts = System.Text.RegularExpressions.Regex.Replace(text[text.IndexOf("Sammanfattning", StringComparison.Ordinal)..],
            @"från uppföljning 2 \d{4}", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
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
