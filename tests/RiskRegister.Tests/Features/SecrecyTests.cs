using System.Net.Http.Json;
using RiskRegister.Tests.Access;
using RiskRegister.Tests.Webhooks;

namespace RiskRegister.Tests.Features;

/// <summary>The public excerpt on, and webhooks to loopback: every way a marked risk could leave the service.</summary>
public sealed class SecrecyApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Public:Enabled", "true"), new("Public:PermitsPerMinute", "0"),
        new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", Webhooks.Receiver.Ports), new("Webhooks:PollMilliseconds", "100"), new("Webhooks:RetryDelays", "0.2s"),
    ];
}

/// <summary>The public excerpt on with a limit of three requests a minute per address.</summary>
public sealed class PublicLimitApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Public:Enabled", "true"), new("Public:PermitsPerMinute", "3")];
}

/// <summary>
/// Secrecy marking (offentlighets- och sekretesslagen) and the redacted form: a unique marker in every text field of a
/// marked risk, looked for in every answer a system client, a webhook receiver and the public can get.
/// </summary>
public sealed class SecrecyTests(SecrecyApi api) : IClassFixture<SecrecyApi>
{
    private const string Ground = "OSL 18 kap. 8 §";

    /// <summary>An adopted, followed-up plan of 2023 (copied to 2024) with one marked risk whose every text holds <paramref name="marker"/>, and one open risk.</summary>
    private async Task<(long Board, long Unit, long Plan, long Marked, long Open)> MarkedPlan(string marker)
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning " + marker[^6..]);
        var board = (await admin.Typed().GetUnitAsync(unit)).ParentId!.Value;
        var plan = await admin.CreatePlan(unit);
        var marked = await admin.AddRisk(plan, new
        {
            title = $"Titel {marker}", description = $"Beskrivning {marker}", probability = 3, consequence = 4, handlingMethod = "atgard",
            motivation = $"Motivering {marker} som är tillräckligt lång för revisorerna", category = $"Område {marker}",
            owner = $"Ägare {marker}", goal = $"Mål {marker}",
        });
        await admin.AddActivity(marked, new
        {
            description = $"Aktivitet {marker}", measure = $"Mätvärde {marker}", due = "2023-10-31", responsible = $"Ansvarig {marker}",
        });
        var open = await admin.AddRisk(plan, Risks.Lower("Öppen risk"));
        await admin.Adopt(plan);
        await admin.RecordFollowUp1(marked, new
        {
            handlingStatus = "inProgress", observations = $"Iakttagelser {marker}", events = $"Händelser {marker}", probability = 3, consequence = 3,
        });
        await admin.RecordFollowUp2(marked, new
        {
            result = $"Resultat {marker}", improvementAreas = $"Förbättring {marker}", finalMotivation = $"Slutmotivering {marker}", probability = 4, consequence = 4,
        });
        await admin.RecordFollowUp1(open, Risks.Round1(1, 2));
        var response = await admin.PutAsJsonAsync($"/api/v1/risks/{marked}/secrecy", new { ground = Ground, note = $"Anteckning {marker}" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await admin.Copy(plan, 2024);
        return (board, unit, plan, marked, open);
    }

    private static async Task<string> Read(HttpClient client, string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return headers + "\n" + await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every operation a system client may call, about this plan, in every form it answers.</summary>
    private static async Task<Dictionary<string, string>> EverythingASystemReads(HttpClient system, long board, long unit, long plan)
    {
        var answers = new Dictionary<string, string>();
        foreach (var (path, accept) in new (string, string?)[]
        {
            ($"/api/v1/plans/{plan}/summary", null), ($"/api/v1/plans/{plan}/summary", "text/html"),
            ($"/api/v1/plans/{plan}/matrix.svg", null), ($"/api/v1/plans/{plan}/matrix.svg?round=1", null),
            ($"/api/v1/plans/{plan}/matrix.svg?round=2", null), ($"/api/v1/plans/{plan}/matrix.svg?round=final", null),
            ($"/api/v1/plans/{plan}/assessment", null),
            ($"/api/v1/follow-up-status?year=2023&unitId={unit}", null), ($"/api/v1/follow-up-status?year=2023&unitId={unit}", "text/csv"),
            ($"/api/v1/units/{unit}/comparison?from=2023&to=2024", null),
            ($"/api/v1/units/{board}/internal-control?year=2023", null), ($"/api/v1/units/{board}/internal-control?year=2023", "text/html"),
            ($"/api/v1/events?limit=500&unitId={unit}", null),
        })
            answers[$"{path} ({accept ?? "default"})"] = await Read(system, path, accept);
        return answers;
    }

    [Fact]
    public async Task A_marked_risks_texts_reach_no_system_client_webhook_or_public_reader_while_an_auditor_sees_them_all()
    {
        var marker = "HEMLIG-" + Guid.NewGuid().ToString("N");
        var (board, unit, plan, marked, open) = await MarkedPlan(marker);
        // A webhook subscribed once the risk is marked (before, its texts were nobody's secret): what changes on the
        // risk from now on reaches the receiver redacted.
        await using var receiver = await Receiver.StartAsync();
        await api.Admin().CreateWebhook(new { url = receiver.Address.ToString() });
        await api.Admin().RecordFollowUp2(marked, new
        {
            result = $"Nytt resultat {marker}", improvementAreas = $"Ny förbättring {marker}", finalMotivation = $"Ny motivering {marker}", probability = 4, consequence = 4,
        });
        await api.Admin().PutOk($"/api/v1/risks/{marked}/secrecy", new { ground = Ground, note = $"Ny anteckning {marker}" });
        var (_, systemKey) = await api.Admin().CreateApiClient("Regionens system", "system");
        var system = api.WithKey(systemKey);

        var answers = await EverythingASystemReads(system, board, unit, plan);
        // Marked after the plan was copied: the copy is a risk of its own (unmarked), but the pair in the comparison
        // links the two, so it goes without a title.
        await api.Admin().PutOk($"/api/v1/risks/{open}/secrecy", new { ground = Ground });
        var comparison = await system.GetOk($"/api/v1/units/{unit}/comparison?from=2023&to=2024");
        comparison.GetProperty("carried").EnumerateArray().Single(c => c.GetProperty("fromRiskId").GetInt64() == open)
            .GetProperty("title").GetString().ShouldBe("Sekretessmarkerad risk");
        var anyone = api.WithKey(null);
        foreach (var (path, accept) in new (string, string?)[]
        {
            ("/api/v1/public/plans?year=2023&limit=500", null), ($"/api/v1/public/plans/{plan}/summary", null),
            ($"/api/v1/public/plans/{plan}/summary", "text/html"), ($"/api/v1/public/plans/{plan}/matrix.svg", null),
            ($"/api/v1/public/plans/{plan}/matrix.svg?round=final", null),
        })
            answers[$"public {path} ({accept ?? "default"})"] = await Read(anyone, path, accept);
        // The new note's event comes last: every event by then.
        var delivered = await receiver.WaitForAsync(r => r.Any(d => d.Body.Contains("risk.secrecyChanged") && d.Body.Contains($"\"riskId\":{marked}")));
        delivered.ShouldContain(d => d.Body.Contains("followUp2.recorded"));
        foreach (var (d, i) in delivered.Select((d, i) => (d, i))) answers[$"webhook delivery {i}"] = d.Body;

        foreach (var (what, body) in answers)
        {
            body.ShouldNotContain(marker, customMessage: what);
            body.ShouldNotContain("HEMLIG", customMessage: what);   // nor a part of it
        }
        // The redacted risk is still there, counted and valued: the matrix and the counts include it.
        var summary = await system.GetOk($"/api/v1/plans/{plan}/summary");
        var risk = summary.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == marked);
        risk.GetProperty("title").GetString().ShouldBe("Sekretessmarkerad risk");
        risk.GetProperty("score").GetInt32().ShouldBe(12);
        risk.GetProperty("handlingMethod").GetString().ShouldBe("atgard");
        risk.GetProperty("secrecy").GetProperty("ground").GetString().ShouldBe(Ground);
        risk.GetProperty("followUp2").GetProperty("finalScore").GetInt32().ShouldBe(16);
        risk.GetProperty("activities")[0].GetProperty("due").GetString().ShouldBe("2023-10-31");
        summary.GetProperty("countsByMethod").GetProperty("atgard").GetInt32().ShouldBe(1);
        summary.GetProperty("matrix").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()).ShouldBe(2);
        System.Net.WebUtility.HtmlDecode(answers[$"public /api/v1/public/plans/{plan}/summary (text/html)"]).ShouldContain($"Sekretessmarkerad risk ({Ground})",
            Case.Sensitive, "the public document names the ground where the texts would stand");

        // An auditor reads all of it, marking and note included, and the printed plan says it may hold secrets.
        var (_, auditorKey) = await api.Admin().CreateApiClient("Revisor", "auditor");
        var auditor = api.WithKey(auditorKey);
        // The auditors' verdicts are the same for both: judged on the risks as held, a redacted text is not a missing one.
        static string[] Verdicts(JsonElement assessment) => assessment.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("verdict").GetString()!).ToArray();
        Verdicts(await system.GetOk($"/api/v1/plans/{plan}/assessment")).ShouldBe(Verdicts(await auditor.GetOk($"/api/v1/plans/{plan}/assessment")));
        var systemNämnd = await system.GetOk($"/api/v1/units/{board}/internal-control?year=2023");
        Verdicts(systemNämnd).ShouldBe(Verdicts(await auditor.GetOk($"/api/v1/units/{board}/internal-control?year=2023")));
        var full = await Read(auditor, $"/api/v1/plans/{plan}/summary");
        foreach (var field in new[] { "Titel", "Beskrivning", "Motivering", "Område", "Ägare", "Mål", "Aktivitet", "Mätvärde", "Ansvarig",
                     "Iakttagelser", "Händelser", "Resultat", "Förbättring", "Ny motivering", "Anteckning" })
            full.ShouldContain($"{field} {marker}");   // uppföljning 2 and the note as changed since
        var document = System.Net.WebUtility.HtmlDecode(await Read(auditor, $"/api/v1/plans/{plan}/summary", "text/html"));
        document.ShouldContain("Handlingen innehåller uppgifter som kan omfattas av sekretess");
        document.ShouldContain($"Sekretessmarkerad ({Ground}).");
        document.ShouldContain($"Anteckning {marker}");
        var nämnd = System.Net.WebUtility.HtmlDecode(await Read(auditor, $"/api/v1/units/{board}/internal-control?year=2023", "text/html"));
        nämnd.ShouldContain("Handlingen bygger på planer med 2 sekretessmarkerade risker");   // the open risk is marked by now
        nämnd.ShouldContain($"Titel {marker}");   // the auditors' findings name the risk
        System.Net.WebUtility.HtmlDecode(answers[$"/api/v1/units/{board}/internal-control?year=2023 (text/html)"])
            .ShouldContain("Utdrag. Uppgifterna om en sekretessmarkerad risk har utelämnats");
    }

    [Fact]
    public async Task Marking_works_in_every_status_with_if_match_and_history_and_unmarking_restores_the_texts()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Markering");
        var plan = await admin.CreatePlan(unit);
        var risk = await admin.AddRisk(plan, Risks.Bevakning("Behörigheter i journalsystemet"));
        var etag = await admin.RiskETag(risk);

        // A stale ETag is refused; no ground is 400 naming the field; a reader may not mark.
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/risks/{risk}/secrecy") { Content = JsonContent.Create(new { ground = Ground }) };
        stale.Headers.IfMatch.ParseAdd("\"999\"");
        (await admin.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var noGround = await admin.PutAsJsonAsync($"/api/v1/risks/{risk}/secrecy", new { note = "utan grund" });
        noGround.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noGround.Json()).GetProperty("errors").TryGetProperty("ground", out _).ShouldBeTrue();
        var (_, auditorKey) = await admin.CreateApiClient("Revisor som inte får markera", "auditor");
        (await api.WithKey(auditorKey).PutAsJsonAsync($"/api/v1/risks/{risk}/secrecy", new { ground = Ground })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var mark = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/risks/{risk}/secrecy") { Content = JsonContent.Create(new { ground = Ground, note = "Säkerhetsbrist" }) };
        mark.Headers.IfMatch.ParseAdd(etag);
        var marked = await admin.SendAsync(mark);
        marked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var markedTag = marked.Headers.ETag!.Tag;
        markedTag.ShouldNotBe(etag);
        var secrecy = (await marked.Json()).GetProperty("secrecy");
        secrecy.GetProperty("ground").GetString().ShouldBe(Ground);
        secrecy.GetProperty("markedBy").GetString().ShouldNotBeNullOrEmpty();

        // The same marking again changes nothing: same ETag, no history.
        var again = await admin.PutAsJsonAsync($"/api/v1/risks/{risk}/secrecy", new { ground = Ground, note = "Säkerhetsbrist" });
        again.Headers.ETag!.Tag.ShouldBe(markedTag);
        var history = (await admin.GetOk($"/api/v1/risks/{risk}/history")).GetProperty("items").EnumerateArray()
            .Where(h => h.GetProperty("action").GetString() == "secrecyChanged").ToList();
        history.Count.ShouldBe(1);

        // In an adopted plan too; then unmarked: the system client reads the title again.
        await admin.Adopt(plan);
        var (_, systemKey) = await admin.CreateApiClient("System som läser", "system");
        var system = api.WithKey(systemKey);
        (await system.GetOk($"/api/v1/plans/{plan}/summary")).GetProperty("risks")[0].GetProperty("title").GetString().ShouldBe("Sekretessmarkerad risk");
        // Who marked it stays inside too: no actor on a marked risk's events for the system client.
        (await system.GetOk($"/api/v1/events?unitId={unit}&limit=500")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("riskId").ValueKind == JsonValueKind.Number && e.GetProperty("riskId").GetInt64() == risk)
            .ShouldAllBe(e => e.GetProperty("actor").ValueKind == JsonValueKind.Null);
        var unmarked = await admin.DeleteAsync($"/api/v1/risks/{risk}/secrecy");
        unmarked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unmarked.Json()).GetProperty("secrecy").ValueKind.ShouldBe(JsonValueKind.Null);
        (await system.GetOk($"/api/v1/plans/{plan}/summary")).GetProperty("risks")[0].GetProperty("title").GetString().ShouldBe("Behörigheter i journalsystemet");
        var events = (await admin.GetOk($"/api/v1/events?type=risk.secrecyChanged&unitId={unit}")).GetProperty("items").EnumerateArray().ToList();
        events.Count.ShouldBe(2);
        // Unmarked, the risk's texts are open again, but not the note of its marking.
        var feed = await (await system.GetAsync($"/api/v1/events?type=risk.secrecyChanged&unitId={unit}")).Content.ReadAsStringAsync();
        feed.ShouldContain(Ground.Replace("§", "\u00A7"), Case.Insensitive);
        feed.ShouldNotContain("Säkerhetsbrist");
        feed.ShouldNotContain("S\u00E4kerhetsbrist", Case.Insensitive);
    }

    [Fact]
    public async Task The_public_reads_adopted_plans_only_and_a_draft_is_404()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Offentlig");
        var draft = await admin.CreatePlan(unit, 2025);
        await admin.AddRisk(draft, Risks.Lower());
        var anyone = api.WithKey(null);
        (await anyone.GetAsync($"/api/v1/public/plans/{draft}/summary")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anyone.GetAsync($"/api/v1/public/plans/{draft}/matrix.svg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = await anyone.GetOk($"/api/v1/public/plans?unitId={unit}");
        listed.GetProperty("items").GetArrayLength().ShouldBe(0);
        await admin.Adopt(draft);
        (await anyone.GetOk($"/api/v1/public/plans?unitId={unit}")).GetProperty("items")[0].GetProperty("id").GetInt64().ShouldBe(draft);
        (await anyone.GetOk($"/api/v1/public/plans/{draft}/summary")).GetProperty("risks").GetArrayLength().ShouldBe(1);
    }
}

public sealed class PublicLimitTests(PublicLimitApi api) : IClassFixture<PublicLimitApi>
{
    [Fact]
    public async Task Public_requests_are_limited_per_address()
    {
        var anyone = api.WithKey(null);
        for (var i = 0; i < 3; i++)
            (await anyone.GetAsync("/api/v1/public/plans")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await anyone.GetAsync("/api/v1/public/plans");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Json()).GetProperty("detail").GetString()!.ShouldContain("public requests");
        // The limit is the public's own: a client with a key is not counted against it.
        (await api.Admin().GetAsync("/api/v1/plans")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
