using System.Text.RegularExpressions;
using RiskRegister.Api.Demo;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// The nämnd's internal control as its secretary and the auditors get it: the HTML document printed to PDF by headless
/// Chromium and read back with pdftotext, page by page.
/// </summary>
public sealed partial class PrintedInternalControlTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    private static async Task<string> Html(HttpClient client, long board, int year = 2023)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{board}/internal-control?year={year}");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.Vary.ShouldContain("Accept");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<IReadOnlyList<string>> Printed(string html) =>
        (await HeadlessChromium.PdfPagesAsync(await HeadlessChromium.PrintToPdfAsync(html))).Select(p => Whitespace().Replace(p, " ")).ToList();

    private Task<long> NorvBoard() => api.Admin().UnitNamed(SeedCase.BoardName, board: true);

    [Fact]
    public async Task The_printed_report_is_the_auditors_table_with_each_förvaltnings_plan_and_every_page_numbered()
    {
        var pages = await Printed(await Html(api.Admin(), await NorvBoard()));
        pages.Count.ShouldBeGreaterThan(1);
        for (var page = 1; page <= pages.Count; page++)
        {
            pages[page - 1].ShouldContain($"Sida {page} av {pages.Count}", customMessage: $"page {page}");
            pages[page - 1].ShouldContain($"Uppföljning av intern kontroll 2023 – {SeedCase.BoardName}", customMessage: $"page {page}");
            pages[page - 1].ShouldNotContain(" UTC");
        }
        var text = string.Join(" ", pages);
        foreach (var heading in new[] { "Planer och uppföljningar", "Delområde Bedömning Iakttagelser", "Identifierade förbättringsområden" })
            text.ShouldContain(heading);
        foreach (var area in new[] { "Upprättat riskanalys- och riskhanteringsplan", "Riskanalys och riskhanteringsplan innehåller", "Genomfört uppföljning 1",
                     "Genomfört uppföljning 2", "Genomfört riskanalys- och riskhanteringsplan", "Vidtagna åtgärder för att stärka den interna kontrollen" })
            text.ShouldContain(area);
        text.ShouldNotContain("Granskning av nämndens interna kontroll");
        // Both förvaltningar with their decision, and the finding the auditors made on Digitalisering's plan.
        text.ShouldContain(SeedCase.Digitalisering);
        text.ShouldContain(SeedCase.MedicinskService);
        text.ShouldContain("2023-04-26 § 12");
        text.ShouldContain("Dnr 2023-POL000381");
        text.ShouldNotContain("Planen saknar förteckning över de lägre riskerna");
        text.ShouldContain("Sammanfattningsvis bedöms den interna kontrollen som inte tillräcklig.");   // Medicinsk service, 13 of 18 risks, did not finish uppföljning 2
        text.ShouldContain("Försenad");   // Medicinsk service's rounds are not complete, and 2023's due dates have passed
    }

    [Fact]
    public async Task A_förvaltning_without_a_plan_is_printed_as_missing()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden med en förvaltning utan plan")).Id;
        await admin.CreateUnit("Förvaltningen utan plan", board);
        var text = string.Join(" ", await Printed(await Html(admin, board)));
        text.ShouldContain("Förvaltningen utan plan");
        text.ShouldContain("Plan för 2023 saknas.");
        text.ShouldContain("Det finns ingen riskanalys och riskhanteringsplan för 2023.");
        text.ShouldContain("Sammanfattningsvis bedöms den interna kontrollen som inte tillräcklig.");
    }

    [Fact]
    public async Task Every_user_text_is_escaped_and_prints_as_written()
    {
        const string hostile = "<script>alert(1)</script> \"</style><b>&amp;";
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnd " + hostile)).Id;
        var unit = (await admin.CreateUnit("Förvaltning " + hostile, board)).Id;
        var plan = await admin.CreatePlan(unit);
        // A bevakning risk without activity (a finding naming its title), and an improvement area written at uppföljning 2.
        var risk = await admin.AddRisk(plan, Risks.Bevakning("Risk " + hostile));
        await admin.Adopt(plan);
        await admin.RecordFollowUp1(risk);
        await admin.RecordFollowUp2(risk, new
        {
            result = "Genomförd.", improvementAreas = "Förbättring " + hostile, finalMotivation = "Bedömningen står fast.", probability = 3, consequence = 3,
        });

        var html = await Html(admin, board);
        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<b>");
        html.ShouldNotContain("</style><b>");
        var text = string.Join(" ", await Printed(html));
        text.ShouldContain("Förvaltning " + hostile);
        // The finding sits in a table cell beside others, where pdftotext interleaves the columns' lines: read from the markup.
        System.Net.WebUtility.HtmlDecode(html).ShouldContain($"Risken \"Risk {hostile}\" (bevakning) saknar aktivitet med mätvärde och tidplan.");
        text.ShouldContain("Förbättring " + hostile);
        text.ShouldContain($"Uppföljning av intern kontroll 2023 – Nämnd {hostile}");   // the page footer, a CSS string
    }

    [Fact]
    public async Task A_registrators_printed_report_holds_its_own_förvaltning_only()
    {
        var board = await NorvBoard();
        var digitalisering = await api.Admin().UnitNamed(SeedCase.Digitalisering);
        var (_, key) = await api.Admin().CreateApiClient("Registrator DIT, utskrift", "registrator", digitalisering);
        var html = await Html(api.WithKey(key), board);
        html.ShouldContain(SeedCase.Digitalisering);
        html.ShouldNotContain(SeedCase.MedicinskService);
    }

    private async Task<string> HtmlAsOf(long unit, int year, string asOf)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{unit}/internal-control?year={year}&asOf={asOf}");
        request.Headers.Accept.ParseAdd("text/html");
        return System.Net.WebUtility.HtmlDecode(await (await api.Admin().SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_report_tells_in_words_when_each_round_was_done_and_reported_to_the_nämnd_and_what_the_controls_found()
    {
        var board = await api.Admin().UnitNamed(Vasterbotten.BoardName, board: true);
        // Before uppföljning 2 is due: reported in time, nothing late.
        var autumn = await HtmlAsOf(board, 2025, "2025-10-15");
        autumn.ShouldContain("Uppföljning 1 var klar 2025-08-31, före sista dag 2025-09-30. Den redovisades för nämnden 2025-09-24 (§\u00A0128).");
        autumn.ShouldContain("Uppföljning 2 ska vara klar senast 2026-01-31; 0 av 10 risker har följts upp. Den har ännu inte redovisats för nämnden.");
        autumn.ShouldNotContain("försenad");
        // The kontrollmoment: the attest control found 5 deviations and took action.
        autumn.ShouldContain("Planen har 2 kontrollmoment.");
        autumn.ShouldContain("Uppföljning 1: 2 av 2 kontrollmoment har genomförts, med 5 avvikelser i 1 kontrollmoment; åtgärder är redovisade för samtliga avvikelser.");
        autumn.ShouldContain("Uppföljning 2: inget kontrollmoment har genomförts ännu.");
        // The revision stands beside the decision in the plans' table.
        autumn.ShouldContain("Reviderad <span class=\"nowrap\">2025-06-11 § 87</span>");
        // After it is due: uppföljning 2 is late and unreported.
        var spring = await HtmlAsOf(board, 2025, "2026-03-01");
        spring.ShouldContain("Uppföljning 2 är försenad: 0 av 10 risker har följts upp, och sista dag var 2026-01-31. Den är ej redovisad för nämnden.");
        var json = await api.Admin().GetOk($"/api/v1/units/{board}/internal-control?year=2025&asOf=2025-10-15");
        var plan = json.GetProperty("plans").EnumerateArray().Single();
        var round1 = plan.GetProperty("controlRounds")[0];
        (round1.GetProperty("done").GetInt32(), round1.GetProperty("deviations").GetInt32(), round1.GetProperty("withoutActions").GetInt32()).ShouldBe((2, 5, 0));
        plan.GetProperty("revisions").EnumerateArray().Single().GetProperty("paragraph").GetString().ShouldBe("§ 87");
    }

    [Fact]
    public async Task A_round_done_and_reported_late_says_how_many_days_late()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden som redovisade sent")).Id;
        var unit = (await admin.CreateUnit("Förvaltningen som redovisade sent", board)).Id;
        var plan = await admin.CreatePlan(unit, 2022);
        var risk = await admin.AddRisk(plan, Risks.Lower("Lokalförsörjning"));
        await admin.Adopt(plan, new { date = "2022-03-01", paragraph = "§ 5", caseNumber = "2022-1" });
        await admin.RecordFollowUp1(risk);   // today: long after 2022-09-30
        await admin.PutOk($"/api/v1/plans/{plan}/follow-ups/1/report", new { date = "2022-10-14", paragraph = "§ 87", caseNumber = "2022-1" });

        var html = await HtmlAsOf(board, 2022, "2023-03-01");
        html.ShouldMatch(@"Uppföljning 1 var klar \d{4}-\d{2}-\d{2}, \d+ dagar efter sista dag \(2022-09-30\)\. Den redovisades för nämnden 2022-10-14 \(§\u00A087\), 14 dagar efter sista dag\.");
        html.ShouldContain("Uppföljning 2 är försenad: 0 av 1 risk har följts upp, och sista dag var 2023-01-31. Den är ej redovisad för nämnden.");
        html.ShouldContain("Planen har inga kontrollmoment.");
        // The plans' table keeps the lateness once the round is done: done late, not only overdue.
        html.ShouldContain("<span class=\"missing block\">Efter sista dag</span>");

        // The printed plan says the same of its rounds, in the same words (judged today, long after both due dates), and
        // its JSON gives the rounds as the follow-up status does: lateness does not vanish from the plan's own document.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        var printed = Whitespace().Replace(await (await admin.SendAsync(request)).Content.ReadAsStringAsync(), " ");
        printed.ShouldMatch(@"<h2>Uppföljning 1</h2> <p class=""lead"">Planens enda risk har följts upp\. Uppföljning 1 var klar \d{4}-\d{2}-\d{2}, \d+ dagar efter sista dag \(2022-09-30\)\. Den redovisades för nämnden 2022-10-14 \(§&#xA0;87\), 14 dagar efter sista dag\.</p>");
        printed.ShouldContain("<h2>Uppföljning 2</h2> <p class=\"lead\">Uppföljning 2 är försenad: 0 av 1 risk har följts upp, och sista dag var 2023-01-31. Den är ej redovisad för nämnden.</p>");
        var summary = (await admin.GetOk($"/api/v1/plans/{plan}/summary")).GetProperty("plan");
        var status = (await admin.GetOk($"/api/v1/follow-up-status?year=2022&unitId={unit}")).GetProperty("items").EnumerateArray().Single();
        summary.GetProperty("round1").GetProperty("late").GetBoolean().ShouldBeTrue();
        summary.GetProperty("round2").GetProperty("overdue").GetBoolean().ShouldBeTrue();
        foreach (var round in new[] { "round1", "round2" })
            summary.GetProperty(round).GetRawText().ShouldBe(status.GetProperty(round).GetRawText());
    }

    [Fact]
    public async Task The_goals_table_names_the_plans_units_as_the_plans_table_does()
    {
        // The plans' units may be förvaltningar, områden or the nämnd itself (Västerbotten's plan): the goals table calls
        // them what the table of plans above it does.
        var html = await Html(api.Admin(), await NorvBoard());
        html.ShouldContain("<thead><tr><th>Enhet</th><th>Status</th>");
        html.ShouldContain("<th>Mål</th><th class=\"num\">Risker</th><th class=\"num\">Kontrollmoment</th><th>Enheter</th>");
        html.ShouldNotContain("<th>Förvaltningar</th>");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
