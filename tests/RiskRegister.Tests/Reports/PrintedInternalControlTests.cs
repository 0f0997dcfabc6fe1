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

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
