using System.Text.RegularExpressions;
using RiskRegister.Api.Demo;

namespace RiskRegister.Tests.Reports;

/// <summary>The demo with its public excerpt open, for the PDF of every document.</summary>
public sealed class PdfFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Demo:Load", "true"), new("Public:Enabled", "true"), new("Public:PermitsPerMinute", "0")];
}

/// <summary>A service with no Chromium: PDF is not acceptable, and the answer names the setting.</summary>
public sealed class NoChromiumFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Demo:Load", "true"), new("Documents:ChromiumPath", "/nonexistent/chromium")];
}

/// <summary>
/// <c>Accept: application/pdf</c> on the plan summary, the nämnd's report and the public excerpt: printed by the service's
/// headless Chromium, read back with pdftotext page by page.
/// </summary>
public sealed partial class PdfTests(PdfFixture api) : IClassFixture<PdfFixture>
{
    private static async Task<(HttpResponseMessage Response, byte[] Body)> Get(HttpClient client, string path, string accept = "application/pdf")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<IReadOnlyList<string>> Pdf(HttpClient client, string path)
    {
        var (response, body) = await Get(client, path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Headers.Vary.ShouldContain("Accept");
        body.AsSpan(0, 5).ToArray().ShouldBe("%PDF-"u8.ToArray());
        return (await HeadlessChromium.PdfPagesAsync(body)).Select(p => Whitespace().Replace(p, " ")).ToList();
    }

    private async Task<long> PlanOf(string unit)
    {
        var unitId = await api.Admin().UnitNamed(unit);
        return (await api.Admin().GetOk($"/api/v1/plans?unitId={unitId}&year=2023")).GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_plan_summary_prints_to_pdf_with_every_page_numbered_as_the_html_prints()
    {
        var plan = await PlanOf(SeedCase.Digitalisering);
        var pages = await Pdf(api.Admin(), $"/api/v1/plans/{plan}/summary");

        var (_, html) = await Get(api.Admin(), $"/api/v1/plans/{plan}/summary", "text/html");
        var printed = await HeadlessChromium.PdfPagesAsync(await HeadlessChromium.PrintToPdfAsync(System.Text.Encoding.UTF8.GetString(html)));
        pages.Count.ShouldBe(printed.Count);
        pages.Count.ShouldBeGreaterThan(1);
        for (var page = 1; page <= pages.Count; page++)
            pages[page - 1].ShouldContain($"Sida {page} av {pages.Count}");
        var text = string.Join(" ", pages);
        text.ShouldContain("Riskanalys och riskhanteringsplan 2023");
        text.ShouldContain("Fastställd av nämnden: 2023-04-26 § 12");
        text.ShouldContain(SeedCase.Tjansteleverans);
        text.ShouldContain("Riskbedömning och hanteringsmetoder");
    }

    [Fact]
    public async Task The_nämnds_report_prints_to_pdf()
    {
        var board = await api.Admin().UnitNamed(SeedCase.BoardName, board: true);
        var pages = await Pdf(api.Admin(), $"/api/v1/units/{board}/internal-control?year=2023");

        pages.Count.ShouldBeGreaterThan(1);
        pages[0].ShouldContain("Uppföljning av intern kontroll 2023");
        pages[^1].ShouldContain($"Sida {pages.Count} av {pages.Count}");
        string.Join(" ", pages).ShouldContain("Delområde Bedömning Iakttagelser");
    }

    [Fact]
    public async Task The_public_excerpt_prints_to_pdf_without_a_key()
    {
        var plan = await PlanOf(SeedCase.MedicinskService);
        var pages = await Pdf(api.WithKey(null), $"/api/v1/public/plans/{plan}/summary");

        pages.Count.ShouldBeGreaterThan(1);
        string.Join(" ", pages).ShouldContain(SeedCase.Kemikaliehantering);
    }

    [Fact]
    public async Task Json_stays_the_default_and_html_is_still_served()
    {
        var plan = await PlanOf(SeedCase.Digitalisering);
        var (json, _) = await Get(api.Admin(), $"/api/v1/plans/{plan}/summary", "application/json");
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var (html, _) = await Get(api.Admin(), $"/api/v1/plans/{plan}/summary", "text/html, application/pdf;q=0.5");
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed class NoChromiumTests(NoChromiumFixture api) : IClassFixture<NoChromiumFixture>
{
    [Fact]
    public async Task Without_chromium_pdf_is_406_naming_the_setting_and_html_still_works()
    {
        var board = await api.Admin().UnitNamed(SeedCase.BoardName, board: true);
        foreach (var path in new[] { $"/api/v1/units/{board}/internal-control?year=2023", "/api/v1/plans/1/summary" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("application/pdf");
            var response = await api.Admin().SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Json()).GetProperty("detail").GetString()!.ShouldContain("Documents:ChromiumPath");
        }
        var html = new HttpRequestMessage(HttpMethod.Get, "/api/v1/plans/1/summary");
        html.Headers.Accept.ParseAdd("text/html");
        (await api.Admin().SendAsync(html)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
