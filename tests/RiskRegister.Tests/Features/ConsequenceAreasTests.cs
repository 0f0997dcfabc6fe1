using System.Net.Http.Json;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features;

/// <summary>The service assessing consequence per area, the areas given as one comma-separated value (as an environment variable would).</summary>
public class AreasApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Scale:ConsequenceAreas", "patientsäkerhet, ekonomi, förtroende, arbetsmiljö")];
}

/// <summary>
/// Consequence areas (issue 25): a risk assessed per area has the worst area as its consequence; what a client sends must
/// agree with that, name known areas, and stay on the plan's scale; a plan keeps the areas it was created under.
/// </summary>
public sealed class ConsequenceAreasTests(AreasApi api) : IClassFixture<AreasApi>
{
    private static object PerArea(string title, int probability, Dictionary<string, int> consequences, int? consequence = null) =>
        consequence is null
            ? new { title, description = "Bedömd per område.", probability, consequences, handlingMethod = "granskning", motivation = "Granskas." }
            : new { title, description = "Bedömd per område.", probability, consequence, consequences, handlingMethod = "granskning", motivation = "Granskas." };

    private static async Task<string> FirstError(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await response.Json()).GetProperty("errors");
        errors.TryGetProperty(field, out var reasons).ShouldBeTrue($"errors name {field}: {errors}");
        return reasons[0].GetString()!;
    }

    [Fact]
    public async Task A_plan_takes_the_configured_areas_and_a_risk_assessed_per_area_has_the_worst_as_its_consequence()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Hälso- och sjukvård"), 2025);
        (await admin.GetOk($"/api/v1/plans/{plan}")).GetProperty("scale").GetProperty("consequenceAreas").EnumerateArray()
            .Select(a => a.GetString()).ShouldBe(["patientsäkerhet", "ekonomi", "förtroende", "arbetsmiljö"]);

        // Sent in another order and spelling: stored in the plan's order and spelling.
        var created = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            PerArea("Vårdplatsbrist", 3, new() { ["Ekonomi"] = 2, ["patientsäkerhet"] = 4 }), ApiFixture.Json);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var risk = await created.Json();
        risk.GetProperty("consequence").GetInt32().ShouldBe(4);
        risk.GetProperty("score").GetInt32().ShouldBe(12);
        risk.GetProperty("consequences").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetInt32()}").ShouldBe(["patientsäkerhet=4", "ekonomi=2"]);
        var id = risk.GetProperty("id").GetInt64();

        // Changing an area moves the consequence with it; history and the event carry the change.
        var changed = await admin.PatchAsJsonAsync($"/api/v1/risks/{id}", new { consequences = new Dictionary<string, int> { ["patientsäkerhet"] = 2, ["förtroende"] = 3 } }, ApiFixture.Json);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var after = await changed.Json();
        after.GetProperty("consequence").GetInt32().ShouldBe(3);
        after.GetProperty("consequences").EnumerateObject().Select(p => p.Name).ShouldBe(["patientsäkerhet", "förtroende"]);
        var history = (await admin.GetOk($"/api/v1/risks/{id}/history")).GetRawText();
        history.ShouldContain("\"förtroende\":3");
        var events = (await admin.GetOk($"/api/v1/events?limit=500&type=risk.changed")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("riskId").GetInt64() == id).ToList();
        events.ShouldHaveSingleItem().GetProperty("data").GetProperty("consequences").GetProperty("förtroende").GetInt32().ShouldBe(3);

        // The same consequence sent beside the areas is accepted; other fields leave the areas as they are.
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{id}", new { consequence = 3, title = "Vårdplatsbrist i sommar" }, ApiFixture.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await admin.GetOk($"/api/v1/risks/{id}");
        read.GetProperty("consequences").GetProperty("förtroende").GetInt32().ShouldBe(3);

        // {} makes it one value again: then consequence alone changes it.
        var single = await admin.PatchAsJsonAsync($"/api/v1/risks/{id}", new { consequences = new Dictionary<string, int>(), consequence = 1 }, ApiFixture.Json);
        single.StatusCode.ShouldBe(HttpStatusCode.OK, await single.Content.ReadAsStringAsync());
        var one = await single.Json();
        one.GetProperty("consequence").GetInt32().ShouldBe(1);
        one.GetProperty("consequences").ValueKind.ShouldBe(JsonValueKind.Null);

        // A risk may still be assessed as one value in a plan with areas.
        (await admin.CreateRisk(plan, Risks.Bevakning())).Consequences.ShouldBeNull();
    }

    [Fact]
    public async Task A_consequence_that_disagrees_with_the_areas_is_400_naming_consequence()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Ekonomiavdelningen"), 2025);
        var both = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            PerArea("Felaktiga utbetalningar", 2, new() { ["ekonomi"] = 3, ["förtroende"] = 2 }, consequence: 2), ApiFixture.Json);
        (await FirstError(both, "consequence")).ShouldContain("maximum of consequences (3)");
        var agreeing = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            PerArea("Felaktiga utbetalningar", 2, new() { ["ekonomi"] = 3, ["förtroende"] = 2 }, consequence: 3), ApiFixture.Json);
        agreeing.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await agreeing.Json()).GetProperty("id").GetInt64();

        // A consequence alone on a risk assessed per area must be their maximum too: nothing is stored otherwise.
        var alone = await admin.PatchAsJsonAsync($"/api/v1/risks/{id}", new { consequence = 4 }, ApiFixture.Json);
        (await FirstError(alone, "consequence")).ShouldContain("consequences: {}");
        var bothChanged = await admin.PatchAsJsonAsync($"/api/v1/risks/{id}", new { consequence = 1, consequences = new Dictionary<string, int> { ["ekonomi"] = 2 } }, ApiFixture.Json);
        (await FirstError(bothChanged, "consequence")).ShouldContain("(2)");
        (await admin.GetOk($"/api/v1/risks/{id}")).GetProperty("consequence").GetInt32().ShouldBe(3);
        (await admin.GetOk($"/api/v1/risks/{id}/history")).GetProperty("items").GetArrayLength().ShouldBe(1);

        // Neither given: the consequence is missing.
        var neither = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            new { title = "Utan konsekvens", description = "D", probability = 2, handlingMethod = "none" }, ApiFixture.Json);
        await FirstError(neither, "consequence");
    }

    [Fact]
    public async Task An_unknown_area_or_a_value_off_the_scale_is_400_naming_the_area()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Servicenämndens förvaltning"), 2025);
        var unknown = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            PerArea("Miljöpåverkan", 2, new() { ["miljö"] = 3, ["ekonomi"] = 2 }), ApiFixture.Json);
        (await FirstError(unknown, "consequences.miljö")).ShouldContain("patientsäkerhet, ekonomi, förtroende, arbetsmiljö");
        var off = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks",
            PerArea("Miljöpåverkan", 2, new() { ["ekonomi"] = 5 }), ApiFixture.Json);
        (await FirstError(off, "consequences.ekonomi")).ShouldContain("between 1 and 4");
        (await admin.GetOk($"/api/v1/plans/{plan}")).GetProperty("risks").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_printed_plan_and_the_public_excerpt_show_the_areas_of_a_risk()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Regionservice"), 2025);
        var risk = await admin.AddRisk(plan, PerArea("Avbrott i journalsystemet", 2, new() { ["patientsäkerhet"] = 4, ["arbetsmiljö"] = 2 }));
        await admin.AddActivity(risk, Risks.Activity("2025-10-31"));
        await admin.PutOk($"/api/v1/risks/{risk}/secrecy", new { ground = "OSL 18 kap. 8 §" });
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{plan}/summary");
        request.Headers.Accept.ParseAdd("text/html");
        var html = System.Net.WebUtility.HtmlDecode(await (await admin.SendAsync(request)).Content.ReadAsStringAsync());
        html.ShouldContain("Konsekvens per område: patientsäkerhet 4 · arbetsmiljö 2");

        // The values are no secret: a redacting reader keeps them, as it keeps the consequence.
        var (_, systemKey) = await admin.CreateApiClient("Regionens system", "system");
        var summary = await api.WithKey(systemKey).GetOk($"/api/v1/plans/{plan}/summary");
        var redacted = summary.GetProperty("risks")[0];
        redacted.GetProperty("title").GetString().ShouldBe("Sekretessmarkerad risk");
        redacted.GetProperty("consequences").GetProperty("patientsäkerhet").GetInt32().ShouldBe(4);
        var created = (await api.WithKey(systemKey).GetOk($"/api/v1/events?limit=500&type=risk.created")).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("riskId").GetInt64() == risk);
        created.GetProperty("data").GetProperty("consequences").GetProperty("arbetsmiljö").GetInt32().ShouldBe(2);
        created.GetProperty("data").GetProperty("title").GetString().ShouldBe("Sekretessmarkerad risk");
    }

    [Fact]
    public async Task A_copy_keeps_the_areas_where_they_still_give_the_value_carried_over()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Tandvården"), 2024);
        var kept = await admin.AddRisk(plan, PerArea("Sterilteknik", 2, new() { ["patientsäkerhet"] = 3, ["ekonomi"] = 1 }));
        await admin.AddActivity(kept, Risks.Activity("2024-10-31"));
        var reassessed = await admin.AddRisk(plan, PerArea("Kompetens", 2, new() { ["arbetsmiljö"] = 3 }));
        await admin.AddActivity(reassessed, Risks.Activity("2024-10-31"));
        await admin.Adopt(plan);
        // Uppföljning 2's final value (consequence 2) no longer agrees with the areas: the copy carries it alone.
        await admin.RecordFollowUp1(reassessed, Risks.Round1(2, 3));
        await admin.RecordFollowUp2(reassessed, Risks.Round2(2, 2));

        var copy = await admin.Copy(plan, 2025);
        var byOrigin = copy.Risks.ToDictionary(r => r.CopiedFromRiskId!.Value);
        byOrigin[kept].Consequences!.Select(a => $"{a.Key}={a.Value}").ShouldBe(["patientsäkerhet=3", "ekonomi=1"]);
        byOrigin[reassessed].Consequences.ShouldBeNull();
        byOrigin[reassessed].Consequence.ShouldBe(2);
    }

    [Fact]
    public async Task A_plan_keeps_its_areas_when_the_setting_changes()
    {
        long withAreas, withoutAreas;
        TestDatabase database;
        await using (var before = new AreasApi())
        {
            await before.InitializeAsync();
            database = before.Database;
            var admin = before.Admin();
            withAreas = await admin.CreatePlan(await admin.CreateAdministration("Psykiatrin"), 2025);
            before.KeepDatabase = true;
        }
        // The areas as a JSON array now, and other ones.
        await using var after = new OtherAreasApi { Database = database };
        await after.InitializeAsync();
        var client = after.Admin();
        withoutAreas = await client.CreatePlan(await client.CreateAdministration("Primärvården"), 2025);

        (await client.GetOk($"/api/v1/plans/{withAreas}")).GetProperty("scale").GetProperty("consequenceAreas").GetArrayLength().ShouldBe(4);
        (await client.GetOk($"/api/v1/plans/{withoutAreas}")).GetProperty("scale").GetProperty("consequenceAreas").EnumerateArray()
            .Select(a => a.GetString()).ShouldBe(["miljö", "information"]);
        // The older plan still takes its own areas, and not the new ones.
        var old = await client.PostAsJsonAsync($"/api/v1/plans/{withAreas}/risks", PerArea("Suicidrisk", 2, new() { ["patientsäkerhet"] = 4 }), ApiFixture.Json);
        old.StatusCode.ShouldBe(HttpStatusCode.Created, await old.Content.ReadAsStringAsync());
        var newArea = await client.PostAsJsonAsync($"/api/v1/plans/{withAreas}/risks", PerArea("Utsläpp", 2, new() { ["miljö"] = 2 }), ApiFixture.Json);
        await FirstError(newArea, "consequences.miljö");
        var fresh = await client.PostAsJsonAsync($"/api/v1/plans/{withoutAreas}/risks", PerArea("Utsläpp", 2, new() { ["miljö"] = 2 }), ApiFixture.Json);
        fresh.StatusCode.ShouldBe(HttpStatusCode.Created, await fresh.Content.ReadAsStringAsync());
    }

    /// <summary>Other areas, as a JSON array (the form appsettings.json takes).</summary>
    private sealed class OtherAreasApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("Scale:ConsequenceAreas:0", "miljö"), new("Scale:ConsequenceAreas:1", "information")];
    }

    [Fact]
    public async Task A_plan_created_without_areas_takes_one_consequence_only()
    {
        await using var plain = new ApiFixture();
        await plain.InitializeAsync();
        var admin = plain.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Kulturförvaltningen"), 2025);
        (await admin.GetOk($"/api/v1/plans/{plan}")).GetProperty("scale").GetProperty("consequenceAreas").GetArrayLength().ShouldBe(0);
        var refused = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", PerArea("Brand", 2, new() { ["ekonomi"] = 2 }), ApiFixture.Json);
        (await FirstError(refused, "consequences.ekonomi")).ShouldContain("no consequence areas");
    }
}
