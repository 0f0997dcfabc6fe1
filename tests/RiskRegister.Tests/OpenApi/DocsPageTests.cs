namespace RiskRegister.Tests.OpenApi;

/// <summary>The interactive page renders in a real browser, offline, under its own Content-Security-Policy.</summary>
public sealed class DocsPageTests(LiveApiFixture api) : IClassFixture<LiveApiFixture>
{
    [Fact]
    public async Task The_docs_page_renders_its_operations_in_headless_chromium()
    {
        var dom = System.Net.WebUtility.HtmlDecode(await HeadlessChromium.DumpDomAsync(new Uri(api.Address, "/docs/")));
        // The first group (Activities) is open on load; its operations' summaries come from the served document.
        dom.ShouldContain("Add an activity, with its measure (mätvärde) and due date (tidplan), to a risk of a draft plan");
        dom.ShouldContain("Read one activity of a risk");
        foreach (var tag in new[] { "Plans", "Risks", "Reports", "FollowUps" }) dom.ShouldContain(tag);
    }

    [Fact]
    public async Task The_docs_page_allows_its_own_scripts_and_nothing_else_while_documents_keep_the_strict_policy()
    {
        var page = await api.CreateClient().GetAsync("/docs/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("script-src 'self' 'sha256-");   // its own files, and its one inline script by hash
        policy.ShouldNotContain("unsafe-eval");
        policy.ShouldNotContain("http");                     // no CDN, no other origin
        policy.ShouldContain("connect-src 'self'");

        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration());
        var document = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        document.Headers.Accept.ParseAdd("text/html");
        var html = await admin.SendAsync(document);
        var strict = html.Headers.GetValues("Content-Security-Policy").Single();
        strict.ShouldStartWith("default-src 'none'");
        strict.ShouldNotContain("script-src");              // the printed plan runs no scripts at all
    }
}
