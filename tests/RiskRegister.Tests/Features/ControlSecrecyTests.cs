using System.Net.Http.Json;
using RiskRegister.Tests.Access;
using RiskRegister.Tests.Webhooks;

namespace RiskRegister.Tests.Features;

/// <summary>
/// A kontrollmoment standing alone has no risk to be marked with: it is marked itself (issue 25), and then every
/// redacting reader (system clients' reports, the events feed, webhooks, the public excerpt) gets it redacted, while
/// whoever reads it all reads it whole, with its marking.
/// </summary>
public sealed class ControlSecrecyTests(SecrecyApi api) : IClassFixture<SecrecyApi>
{
    [Fact]
    public async Task A_standalone_control_marked_itself_is_redacted_in_every_redacting_reader()
    {
        var marker = "HEMLIG-" + Guid.NewGuid().ToString("N")[..8];
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning med skyddade identiteter");
        var board = (await admin.GetOk($"/api/v1/units/{unit}")).GetProperty("parentId").GetInt64();
        var plan = await admin.CreatePlan(unit, 2025);
        var risk = await admin.AddRisk(plan, Risks.Granskning("Bristande attest"));
        await admin.AddActivity(risk, Risks.Activity("2025-10-31"));
        var open = await admin.AddControl(plan, new { title = "Attest av fakturor", riskId = risk, method = "stickprov", frequency = "halvarsvis" });
        await using var receiver = await Receiver.StartAsync();
        // Every type but the control's creation: created before it is marked, that event may be delivered while its text is
        // still open (what a webhook gets is decided when it is read), so it would race the marking. The feed's copy of it,
        // read after the marking, is checked below.
        var types = RiskRegister.Api.Features.Events.EventTypes.All.Keys.Where(t => t != "control.created").ToArray();
        await admin.PostOk("/api/v1/webhooks", new { url = receiver.Address.ToString(), types });
        var secret = await admin.AddControl(plan, new
        {
            title = $"Loggkontroll av skyddade identiteter {marker}", description = $"Beskrivning {marker}", method = "loggkontroll",
            frequency = "manadsvis", scope = $"Omfattning {marker}", responsible = $"Ansvarig {marker}", reportedTo = $"Rapporteras {marker}",
        });
        var marked = await admin.PutOk($"/api/v1/controls/{secret.Id}/secrecy", new { ground = "OSL 21 kap. 3 §", note = $"Not {marker}" });
        marked.GetProperty("secrecy").GetProperty("ground").GetString().ShouldBe("OSL 21 kap. 3 §");
        marked.GetProperty("secrecy").GetProperty("markedBy").GetString().ShouldNotBeNullOrEmpty();
        await admin.Adopt(plan, new { date = "2025-02-26", paragraph = "§ 12", caseNumber = "2025-HSN0001" });
        await admin.RecordControlResult(secret.Id, 1, new { result = $"Resultat {marker}", @checked = 20, deviations = 2 });
        await admin.RecordControlResult(open.Id, 1, new { result = "Inga avvikelser", @checked = 60, deviations = 0 });

        // Whoever reads it all reads it whole, marked.
        var (_, auditorKey) = await admin.CreateApiClient("Revisor", "auditor");
        var full = (await api.WithKey(auditorKey).GetOk($"/api/v1/controls/{secret.Id}"));
        full.GetProperty("scope").GetString().ShouldBe($"Omfattning {marker}");
        full.GetProperty("secrecy").GetProperty("note").GetString().ShouldBe($"Not {marker}");
        var printed = await Read(api.WithKey(auditorKey), $"/api/v1/plans/{plan}/summary", "text/html");
        System.Net.WebUtility.HtmlDecode(printed).ShouldContain("Sekretessmarkerad (OSL 21 kap. 3 §).");
        printed.ShouldContain(marker);

        var (_, systemKey) = await admin.CreateApiClient("Regionens system", "system");
        var system = api.WithKey(systemKey);
        var anyone = api.WithKey(null);
        var answers = new Dictionary<string, string>();
        foreach (var (client, path, accept) in new (HttpClient, string, string?)[]
        {
            (system, $"/api/v1/plans/{plan}/summary", null), (system, $"/api/v1/plans/{plan}/summary", "text/html"),
            (system, $"/api/v1/plans/{plan}/assessment", null),
            (system, $"/api/v1/units/{board}/internal-control?year=2025", null), (system, $"/api/v1/units/{board}/internal-control?year=2025", "text/html"),
            (system, $"/api/v1/events?limit=500&unitId={unit}", null),
            (anyone, $"/api/v1/public/plans/{plan}/summary", null), (anyone, $"/api/v1/public/plans/{plan}/summary", "text/html"),
        })
            answers[$"{path} ({accept ?? "json"})"] = await Read(client, path, accept);
        var delivered = await receiver.WaitForAsync(r => r.Count(d => d.Body.Contains("controlResult.recorded")) >= 2 && r.Any(d => d.Body.Contains("control.secrecyChanged")));
        foreach (var (d, i) in delivered.Select((d, i) => (d, i))) answers[$"webhook delivery {i}"] = d.Body;
        foreach (var (what, body) in answers)
            System.Text.RegularExpressions.Regex.Unescape(System.Net.WebUtility.HtmlDecode(body)).ShouldNotContain(marker, customMessage: what);

        // What a redacting reader keeps: the title in its place, the ground, the method and the counts.
        var summary = await system.GetOk($"/api/v1/plans/{plan}/summary");
        var redacted = summary.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == secret.Id);
        redacted.GetProperty("title").GetString().ShouldBe("Sekretessmarkerat kontrollmoment");
        redacted.GetProperty("secrecy").GetProperty("ground").GetString().ShouldBe("OSL 21 kap. 3 §");
        redacted.GetProperty("secrecy").GetProperty("note").ValueKind.ShouldBe(JsonValueKind.Null);
        redacted.GetProperty("method").GetString().ShouldBe("loggkontroll");
        redacted.GetProperty("results")[0].GetProperty("deviations").GetInt32().ShouldBe(2);
        summary.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == open.Id)
            .GetProperty("title").GetString().ShouldBe("Attest av fakturor");
        (await system.GetOk($"/api/v1/plans/{plan}/assessment")).GetRawText().ShouldContain("Kontrollmomentet \\\"Sekretessmarkerat kontrollmoment\\\" visade 2 avvikelser");
        var events = (await system.GetOk($"/api/v1/events?limit=500&unitId={unit}")).GetProperty("items").EnumerateArray().ToList();
        var created = events.Single(e => e.GetProperty("type").GetString() == "control.created" && e.GetProperty("data").GetProperty("id").GetInt64() == secret.Id);
        created.GetProperty("data").GetProperty("title").GetString().ShouldBe("Sekretessmarkerat kontrollmoment");
        created.GetProperty("actor").ValueKind.ShouldBe(JsonValueKind.Null);
        events.ShouldContain(e => e.GetProperty("type").GetString() == "control.secrecyChanged");

        // The marking goes with the control into next year's plan.
        var copy = await admin.Copy(plan, 2026);
        copy.Controls.Single(c => c.CopiedFromControlId == secret.Id).Secrecy!.Ground.ShouldBe("OSL 21 kap. 3 §");

        // Unmarked, the control is open again (the events' earlier texts too).
        (await admin.DeleteAsync($"/api/v1/controls/{secret.Id}/secrecy")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await system.GetOk($"/api/v1/plans/{plan}/summary")).GetRawText().ShouldContain(marker);
        (await system.GetOk($"/api/v1/events?limit=500&unitId={unit}")).GetRawText().ShouldContain($"Omfattning {marker}");
    }

    [Fact]
    public async Task Marking_a_control_honours_If_Match_and_marking_it_again_alike_changes_nothing()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Förvaltning med jäv"), 2025);
        var control = await admin.AddControl(plan, Risks.Control("Genomgång av jävsdeklarationer"));
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/controls/{control.Id}/secrecy")
        {
            Content = JsonContent.Create(new { ground = "OSL 18 kap. 8 §" }, options: ApiFixture.Json),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        (await admin.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        var first = await admin.PutAsJsonAsync($"/api/v1/controls/{control.Id}/secrecy", new { ground = "OSL 18 kap. 8 §" }, ApiFixture.Json);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await admin.PutAsJsonAsync($"/api/v1/controls/{control.Id}/secrecy", new { ground = "OSL 18 kap. 8 §" }, ApiFixture.Json);
        again.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);
        var history = await admin.GetOk($"/api/v1/plans/{plan}/history?limit=500");
        history.GetProperty("items").EnumerateArray().Count(h => h.GetProperty("action").GetString() == "secrecyChanged").ShouldBe(1);
        var missing = await admin.PutAsJsonAsync($"/api/v1/controls/{control.Id}/secrecy", new { ground = "" }, ApiFixture.Json);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PutAsJsonAsync("/api/v1/controls/999999/secrecy", new { ground = "OSL 18 kap. 8 §" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<string> Read(HttpClient client, string path, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync();
    }
}
