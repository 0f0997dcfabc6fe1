using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.MatrixSvg;
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

    [Fact]
    public async Task An_entrys_parameters_are_set_from_its_frame_as_Blazors_renderer_sets_them_and_an_unknown_one_is_refused()
    {
        var parameters = new Dictionary<string, object?> { [nameof(HoldsAnEntry<AnEntry>.Name)] = "text" };

        // Written from the frames (the entry's setters, by name in any case) and by Blazor's renderer: the same bytes.
        var written = await Html(stream => DocumentRenderer.WriteAsync<HoldsAnEntry<AnEntry>>(api.Services, parameters, stream));
        var rendered = await Html(stream => DocumentRenderer.WriteWithRendererAsync<HoldsAnEntry<AnEntry>>(api.Services, parameters, stream));

        written.ShouldBe("<p>&lt;riskvärde&gt; 12</p>");
        written.ShouldBe(rendered);
        using var stream = new MemoryStream();
        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            DocumentRenderer.WriteAsync<HoldsAnEntry<AnEntry>>(api.Services, new Dictionary<string, object?> { [nameof(HoldsAnEntry<AnEntry>.Name)] = "Missing" }, stream));
        refused.Message.ShouldContain("'Missing'");
    }

    [Fact]
    public async Task An_entrys_parameter_declared_on_its_base_class_and_overridden_is_set_as_Blazors_renderer_sets_it()
    {
        var parameters = new Dictionary<string, object?> { [nameof(HoldsAnEntry<DerivedEntry>.Name)] = "text" };

        var written = await Html(stream => DocumentRenderer.WriteAsync<HoldsAnEntry<DerivedEntry>>(api.Services, parameters, stream));
        var rendered = await Html(stream => DocumentRenderer.WriteWithRendererAsync<HoldsAnEntry<DerivedEntry>>(api.Services, parameters, stream));

        written.ShouldBe("<p>&lt;riskvärde&gt; 12</p>");
        written.ShouldBe(rendered);
    }

    [Fact]
    public void A_matrix_picture_drawn_after_another_in_the_same_thread_is_the_one_drawn_alone()
    {
        var scale = Scale.Default;
        var cells = ReportFigures.Matrix(scale, []);
        var alone = string.Empty;
        var thread = new Thread(() => alone = MatrixPicture.Render(scale, cells, "Senaste bedömning", standalone: false));
        thread.Start();
        thread.Join();

        MatrixPicture.Render(scale, cells, new string('x', 300) + " – en mycket lång rubrik som bryts över flera rader", standalone: true);
        var after = MatrixPicture.Render(scale, cells, "Senaste bedömning", standalone: false);

        after.ShouldBe(alone);
        after.ShouldStartWith("<svg ");
    }

    [Fact]
    public async Task A_matrix_figure_is_written_as_Blazors_renderer_writes_it_without_its_picture_becoming_a_string()
    {
        var parameters = new Dictionary<string, object?>();
        var written = await Html(stream => DocumentRenderer.WriteAsync<HoldsAFigure>(api.Services, parameters, stream));
        var rendered = await Html(stream => DocumentRenderer.WriteWithRendererAsync<HoldsAFigure>(api.Services, parameters, stream));
        var picture = MatrixPicture.Render(HoldsAFigure.Scale, HoldsAFigure.Cells, "Senaste bedömning", standalone: false);
        written.ShouldBe(rendered);
        written.ShouldBe($"<figure>{picture}</figure>");

        // Written into the document from the builder it was drawn in: the whole write allocates less than the picture as a
        // string alone would take.
        using var stream = new MemoryStream(64 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        await DocumentRenderer.WriteAsync<HoldsAFigure>(api.Services, parameters, stream);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        stream.Length.ShouldBeGreaterThan(picture.Length);
        allocated.ShouldBeLessThan(picture.Length * sizeof(char));
    }

    /// <summary>A document holding one matrix picture.</summary>
    public sealed class HoldsAFigure : DocumentComponent
    {
        public static readonly Scale Scale = Scale.Default;
        public static readonly IReadOnlyList<MatrixCell> Cells = ReportFigures.Matrix(Scale, []);

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "figure");
            builder.OpenComponent<MatrixFigure>(1);
            builder.AddComponentParameter(2, nameof(MatrixFigure.Scale), Scale);
            builder.AddComponentParameter(3, nameof(MatrixFigure.Cells), Cells);
            builder.AddComponentParameter(4, nameof(MatrixFigure.Caption), "Senaste bedömning");
            builder.CloseComponent();
            builder.CloseElement();
        }
    }

    private static async Task<string> Html(Func<Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// A document holding one entry of <typeparamref name="TEntry"/>, its parameters named as <see cref="Name"/> says (any
    /// case, or unknown): <see cref="AnEntry"/>, or <see cref="DerivedEntry"/>, whose <c>Text</c> is a parameter of its
    /// base class, overridden.
    /// </summary>
    public sealed class HoldsAnEntry<TEntry> : DocumentComponent where TEntry : IComponent
    {
        [Parameter] public string Name { get; set; } = "";

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<TEntry>(0);
            builder.AddComponentParameter(1, Name, "<riskvärde>");
            builder.AddComponentParameter(2, "score", 12);
            builder.CloseComponent();
        }
    }

    public abstract class EntryBase : DocumentComponent
    {
        [Parameter] public virtual string? Text { get; set; }
    }

    public sealed class DerivedEntry : EntryBase
    {
        public override string? Text { get; set; }
        [Parameter] public int Score { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddContent(1, $"{Text} {Score}");
            builder.CloseElement();
        }
    }

    public sealed class AnEntry : DocumentComponent
    {
        [Parameter] public string? Text { get; set; }
        [Parameter] public int Score { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddContent(1, $"{Text} {Score}");
            builder.CloseElement();
        }
    }

    private sealed class WaitsForData : DocumentComponent
    {
        protected override Task OnParametersSetAsync() => Task.Delay(1);
    }
}
