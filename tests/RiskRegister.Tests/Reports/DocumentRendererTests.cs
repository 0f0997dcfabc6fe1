using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// The printed plan is written straight from its frames (DocumentComponent, DocumentHtml), not by Blazor's HtmlRenderer:
/// the two must give the same bytes. The writer reads Blazor's render-tree types, which Blazor may change between
/// releases (BL0006), so this compares them on the demo's plans (goals, a revision, controls), a draft, a plan under an
/// open revision with a changed risk, and marked risks and controls read in full and redacted.
/// </summary>
public sealed class DocumentRendererTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Every_plan_document_written_from_its_frames_is_byte_for_byte_what_Blazors_renderer_writes()
    {
        var admin = api.Admin();
        var plans = (await admin.GetOk("/api/v1/plans")).GetProperty("items").EnumerateArray().ToList();
        var first = plans[0].GetProperty("id").GetInt64();
        await admin.PostOk($"/api/v1/plans/{first}/copy", new { year = 2031 });
        var risks = (await admin.GetOk($"/api/v1/plans/{first}/risks")).GetProperty("items").EnumerateArray().ToList();
        await admin.PutOk($"/api/v1/risks/{risks[1].GetProperty("id").GetInt64()}/secrecy", new { ground = "OSL 18 kap. 8 §", note = "Uppgifter om <skydd> & säkerhet" });
        var adopted = plans.Last(p => p.GetProperty("status").GetString() == "adopted").GetProperty("id").GetInt64();
        await admin.PostOk($"/api/v1/plans/{adopted}/revisions", new { reason = "Ändrade förutsättningar <2025> & nya risker" });
        var revised = (await admin.GetOk($"/api/v1/plans/{adopted}/risks")).GetProperty("items")[0];
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{revised.GetProperty("id").GetInt64()}",
            new { probability = revised.GetProperty("probability").GetInt32() % 4 + 1 }, ApiFixture.Json)).EnsureSuccessStatusCode();
        var control = await admin.PostOk($"/api/v1/plans/{adopted}/controls", new { title = "Stickprov på <attest> & behörighet", method = "stickprov", frequency = "kvartalsvis" });
        await admin.PutOk($"/api/v1/controls/{control.GetProperty("id").GetInt64()}/secrecy", new { ground = "OSL 20 kap. 1 §" });

        var db = api.Services.GetRequiredService<Db>();
        var adoption = api.Services.GetRequiredService<AdoptionPolicy>();
        var (compared, withEntries) = (0, 0);
        await using var connection = await db.OpenAsync(CancellationToken.None);
        foreach (var id in await connection.QueryAsync<long>("SELECT id FROM plans ORDER BY id"))
            foreach (var disclosure in new[] { Disclosure.Full, Disclosure.Redacted })
            {
                var units = new List<SummaryReads.UnitRow>();
                var plan = (await PlanView.LoadAsync(connection, null, id, adoption, disclosure, null, CancellationToken.None, SummaryReads.WithPlan(units)))!;
                var extras = await SummaryReads.LoadAsync(connection, plan, units, CancellationToken.None);
                var summary = SummaryBuilder.Build(plan, extras.BoardName, DateTimeOffset.Parse("2026-12-05T10:00:00Z"), disclosure, extras.Revisions, extras.Goals);
                var parameters = new Dictionary<string, object?> { [nameof(PlanDocument.Summary)] = summary };

                var written = await Html(stream => DocumentRenderer.WriteAsync<PlanDocument>(api.Services, parameters, stream));
                var rendered = await Html(stream => DocumentRenderer.WriteWithRendererAsync<PlanDocument>(api.Services, parameters, stream));

                written.ShouldBe(rendered, $"plan {id}, {disclosure}");
                compared++;
                withEntries += written.Contains("<article class=\"risk\">", StringComparison.Ordinal) ? 1 : 0;
            }
        compared.ShouldBeGreaterThanOrEqualTo(8);
        withEntries.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task A_document_component_with_an_async_lifecycle_method_is_refused_not_written_without_it()
    {
        using var stream = new MemoryStream();

        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            DocumentRenderer.WriteAsync<WaitsForData>(api.Services, new Dictionary<string, object?>(), stream));

        refused.Message.ShouldContain("OnParametersSetAsync");
    }

    private static async Task<string> Html(Func<Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class WaitsForData : DocumentComponent
    {
        protected override Task OnParametersSetAsync() => Task.Delay(1);
    }
}
