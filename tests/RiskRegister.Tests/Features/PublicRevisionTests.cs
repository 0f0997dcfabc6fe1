using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RiskRegister.Tests.Features;

/// <summary>
/// The public excerpt of a plan under revision reads as the nämnd adopted it: the open revision's proposals (a new risk,
/// a changed risk's values, texts and activities, a new control) stay inside until the nämnd adopts them.
/// </summary>
public sealed class PublicRevisionTests(SecrecyApi api) : IClassFixture<SecrecyApi>
{
    private static async Task<string> Read(HttpClient client, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The excerpt's content, less what says when it was made and the plan's status (which says a revision is under way).</summary>
    private static string Content(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("generatedAt");
        node["plan"]!.AsObject().Remove("status");
        // A proposal touching a risk moves its bookkeeping on (a new version, updatedAt), not what it says.
        foreach (var risk in node["risks"]!.AsArray()) risk!.AsObject().Remove("updatedAt");
        return node.ToJsonString();
    }

    [Fact]
    public async Task A_plan_under_revision_is_published_as_adopted_without_the_proposals()
    {
        var admin = api.Admin();
        var anyone = api.WithKey(null);
        var unit = await admin.CreateAdministration("Förvaltning under revidering");
        var plan = await admin.CreatePlan(unit, 2025);
        var attest = await admin.AddRisk(plan, Risks.Granskning("Bristande attest", 2, 2));
        await admin.AddActivity(attest, Risks.Activity("2025-10-31"));
        var lokaler = await admin.AddRisk(plan, Risks.Lower());
        var hemlig = await admin.AddRisk(plan, Risks.Bevakning("Hemlig titel", 2, 3));
        await admin.PostOk($"/api/v1/plans/{plan}/controls", Risks.Control());
        await admin.Adopt(plan);
        (await admin.PutAsJsonAsync($"/api/v1/risks/{hemlig}/secrecy", new { ground = "OSL 18 kap. 8 §" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await Read(anyone, $"/api/v1/public/plans/{plan}/summary");
        var matrixBefore = await Read(anyone, $"/api/v1/public/plans/{plan}/matrix.svg");

        // The förvaltning proposes: a new risk with its control, a risk raised and retitled with another activity, the
        // marked risk's texts and value changed, a new standalone control.
        await admin.PostOk($"/api/v1/plans/{plan}/revisions", new { reason = "Nya behörighetsrutiner" });
        var ny = await admin.AddRisk(plan, Risks.Granskning("Ny risk i förslaget", 4, 4));
        await admin.AddActivity(ny, Risks.Activity("2025-12-31"));
        await admin.PostOk($"/api/v1/plans/{plan}/controls", Risks.Control("Kontroll av den nya risken", ny));
        await admin.PostOk($"/api/v1/plans/{plan}/controls", Risks.Control("Kontroll i förslaget"));
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{attest}", new { title = "Bristande attest och behörigheter", probability = 4, consequence = 3 }, ApiFixture.Json))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await admin.AddActivity(attest, new { description = "Aktivitet i förslaget", measure = "Andel attesterade", due = "2025-11-30" });
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{hemlig}", new { description = "Hemlig beskrivning i förslaget", probability = 4 }, ApiFixture.Json))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // The public reads what was adopted, as before the revision opened (the status says a revision is under way).
        var during = await Read(anyone, $"/api/v1/public/plans/{plan}/summary");
        Content(during).ShouldBe(Content(before));
        JsonNode.Parse(during)!["plan"]!["status"]!.GetValue<string>().ShouldBe("revising");
        (await Read(anyone, $"/api/v1/public/plans/{plan}/matrix.svg")).ShouldBe(matrixBefore);
        var html = await Read(anyone, $"/api/v1/public/plans/{plan}/summary", "text/html");
        html.ShouldContain("Bristande attest");
        html.ShouldContain("Fastställd, under revidering");
        foreach (var proposed in new[] { "Bristande attest och behörigheter", "Ny risk i förslaget", "Kontroll av den nya risken", "Kontroll i förslaget", "Aktivitet i förslaget", "förslaget till revidering", "Revidering 1, förslag", "Hemlig" })
            html.ShouldNotContain(proposed, customMessage: proposed);
        html.ShouldContain("Sekretessmarkerad risk (OSL 18 kap. 8 §)");

        // The printed plan (with a key) shows the proposals, each changed one from the value the public reads.
        var printed = await Read(admin, $"/api/v1/plans/{plan}/summary", "text/html");
        printed.ShouldContain("Bristande attest och behörigheter, riskvärdet föreslås höjas från 4 (2×2) till 12 (4×3).");
        printed.ShouldContain("Ny i förslaget till revidering");
        var publicRisk = JsonNode.Parse(during)!["risks"]!.AsArray().Single(r => r!["id"]!.GetValue<long>() == attest)!;
        (publicRisk["score"]!.GetValue<int>(), publicRisk["title"]!.GetValue<string>()).ShouldBe((4, "Bristande attest"));
        JsonNode.Parse(during)!["risks"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ShouldBe([hemlig, attest, lokaler]);

        // Adopted, the revision is the public's.
        (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/revisions/1/adoption", new { date = "2025-06-11", paragraph = "§ 87", caseNumber = "2025-0042" }, ApiFixture.Json))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var adopted = JsonNode.Parse(await Read(anyone, $"/api/v1/public/plans/{plan}/summary"))!;
        adopted["risks"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ShouldBe([ny, attest, hemlig, lokaler]);
        adopted["controls"]!.AsArray().Count.ShouldBe(3);
    }
}
