using RiskRegister.Api.Infrastructure.OpenApi;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// /docs is the register's own reference (issue 22, point 14): no "Ask AI" (Scalar's agent) or MCP, no developer
/// toolbar ("Deploy", "Generate SDK", "Share"), and a key field whose placeholder says what goes there.
/// </summary>
public sealed class DocsPageOptionsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_docs_page_hides_scalars_cloud_features_and_says_what_the_key_is()
    {
        var page = await api.CreateClient().GetStringAsync("/docs/");
        page.ShouldContain("\"showDeveloperTools\":\"never\"");
        page.ShouldContain("\"agent\":{\"disabled\":true}");
        page.ShouldContain("\"mcp\":{\"disabled\":true}");
        page.ShouldContain($"\"value\":\"{ApiDocs.DocsKeyPlaceholder}\"");
        ApiDocs.DocsKeyPlaceholder.ShouldContain("X-Api-Key");
    }
}
