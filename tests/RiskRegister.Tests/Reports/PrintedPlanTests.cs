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
    public async Task An_adopted_plan_flags_no_missing_activity_its_adoption_rule_did_not_require()
    {
        foreach (var planId in await DemoPlans())
        {
            var (summary, pages) = await Printed(planId);
            summary.GetProperty("plan").GetProperty("activitiesRequiredFor").EnumerateArray().Select(m => m.GetString()).ShouldBe(["granskning", "atgard"]);
            var text = Flat(string.Join(" ", pages));
            text.ShouldNotContain("saknas");
            if (summary.GetProperty("risks").EnumerateArray().Any(r => r.GetProperty("handlingMethod").GetString() == "bevakning" && r.GetProperty("activities").GetArrayLength() == 0))
                text.ShouldContain("krävs inte för bevakning");
        }
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
}
