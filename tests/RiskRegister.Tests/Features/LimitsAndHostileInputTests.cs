using System.Net.Http.Headers;
using System.Text;

namespace RiskRegister.Tests.Features;

/// <summary>No client can grow a plan, a risk or the history without bound, and no input yields a 500 or a stored oddity.</summary>
public sealed class LimitsAndHostileInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    private async Task<(long PlanId, long RiskId)> Draft(string name)
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration(name));
        return (plan, await admin.AddRisk(plan, Risks.Granskning()));
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_records_nothing_and_keeps_the_etag()
    {
        var admin = api.Admin();
        var (_, riskId) = await Draft("Tomma ändringar");
        var activity = (await admin.AddActivity(riskId, Risks.Activity())).Id;
        var read = await admin.GetAsync($"/api/v1/risks/{riskId}");
        var etag = read.Headers.ETag!.Tag;
        var history = (await admin.GetOk($"/api/v1/risks/{riskId}/history")).GetProperty("items").GetArrayLength();
        var snapshot = DatabaseSnapshot.Take(api.Database);

        foreach (var (path, body) in new[] { ($"/api/v1/risks/{riskId}", "{}"), ($"/api/v1/risks/{riskId}", """{"title":"Informationssäkerhet"}"""),
                     ($"/api/v1/risks/{riskId}/activities/{activity}", "{}") })
        {
            var response = await admin.PatchAsync(path, Json(body));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Headers.ETag!.Tag.ShouldBe(etag, path);
        }

        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);
        (await admin.GetOk($"/api/v1/risks/{riskId}/history")).GetProperty("items").GetArrayLength().ShouldBe(history);
    }

    [Fact]
    public async Task The_same_follow_up_sent_again_records_nothing_and_keeps_the_etag()
    {
        var admin = api.Admin();
        var (_, _, granskning) = await admin.AdoptedPlan(2031);
        await admin.RecordFollowUp1(granskning);
        await admin.RecordFollowUp2(granskning);
        var etag = await admin.RiskETag(granskning);
        var snapshot = DatabaseSnapshot.Take(api.Database);

        foreach (var (round, body) in new[] { ("1", Risks.Round1()), ("2", Risks.Round2()) })
        {
            var again = await admin.PutAsJsonAsync($"/api/v1/risks/{granskning}/follow-ups/{round}", body);
            again.StatusCode.ShouldBe(HttpStatusCode.OK, round);
            again.Headers.ETag!.Tag.ShouldBe(etag, round);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);

        var changed = await admin.PutAsJsonAsync($"/api/v1/risks/{granskning}/follow-ups/1", Risks.Round1(p: 2));
        changed.Headers.ETag!.Tag.ShouldNotBe(etag);
        var entry = (await admin.GetOk($"/api/v1/risks/{granskning}/history")).GetProperty("items")[0];
        (entry.GetProperty("entity").GetString(), entry.GetProperty("action").GetString()).ShouldBe(("followUp1", "changed"));
        entry.GetProperty("after").GetProperty("probability").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_change_records_only_the_members_it_changed()
    {
        var admin = api.Admin();
        var (_, riskId) = await Draft("Små ändringar");
        await admin.AddActivity(riskId);
        (await admin.PatchAsync($"/api/v1/risks/{riskId}", Json("""{"owner":"Säkerhetschef"}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var change = (await admin.GetOk($"/api/v1/risks/{riskId}/history")).GetProperty("items")[0];
        change.GetProperty("action").GetString().ShouldBe("changed");
        change.GetProperty("before").EnumerateObject().Select(p => p.Name).ShouldBe(["owner"]);
        change.GetProperty("after").GetProperty("owner").GetString().ShouldBe("Säkerhetschef");
        change.GetProperty("after").TryGetProperty("activities", out _).ShouldBeFalse();   // never the whole aggregate
    }

    [Fact]
    public async Task A_plan_at_its_limit_refuses_risk_201_and_a_risk_activity_21_storing_nothing()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Full plan"));
        for (var i = 0; i < 200; i++) await admin.AddRisk(plan, Risks.Lower($"Risk {i}"));
        var snapshot = DatabaseSnapshot.Take(api.Database);

        var refused = await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/risks", Risks.Lower("Risk 201"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Json()).GetProperty("errors").GetProperty("risks")[0].GetString()!.ShouldContain("Limits:MaxRisksPerPlan");
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);

        var (_, riskId) = await Draft("Många aktiviteter");
        for (var i = 0; i < 20; i++) await admin.AddActivity(riskId);
        var tooMany = await admin.PostAsJsonAsync($"/api/v1/risks/{riskId}/activities", Risks.Activity());
        tooMany.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await tooMany.Json()).GetProperty("errors").GetProperty("activities")[0].GetString()!.ShouldContain("Limits:MaxActivitiesPerRisk");
    }

    [Fact]
    public async Task Every_list_is_paged()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Sidor");
        var plan = await admin.CreatePlan(unit);
        await admin.CreatePlan(unit, 2024);
        for (var i = 0; i < 5; i++) await admin.AddRisk(plan, Risks.Lower($"Risk {i}", p: 1 + i % 4));
        var seen = new List<long>();
        long? cursor = null;
        do
        {
            var page = await admin.GetOk($"/api/v1/plans/{plan}/risks?limit=2" + (cursor is { } c ? $"&cursor={c}" : ""));
            page.GetProperty("items").GetArrayLength().ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetInt64();
        } while (cursor is not null);
        seen.Count.ShouldBe(5);
        seen.ShouldBeUnique();
        await Access.ClientHelpers.CreateApiClient(admin, "Andra klienten", "auditor");
        foreach (var list in new[] { "/api/v1/units?limit=1", "/api/v1/clients?limit=1", "/api/v1/plans?limit=1" })
        {
            var page = await admin.GetOk(list);
            page.GetProperty("items").GetArrayLength().ShouldBe(1, list);
            page.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Number, list);
        }
        (await admin.GetAsync("/api/v1/units?limit=501")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Follow_up_status_comes_a_page_at_a_time_in_its_order_and_the_csv_whole()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden för sidor av uppföljning")).Id;
        var names = new[] { "Öster", "Arkiv", "Mitt", "Berg", "Norr" };
        foreach (var name in names)
        {
            var unit = (await admin.CreateUnit(name, board)).Id;
            await admin.CreatePlan(unit, 2023);
            await admin.CreatePlan(unit, 2024);
        }
        var seen = new List<(int Year, string Unit)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await admin.GetOk($"/api/v1/follow-up-status?unitId={board}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            page.GetProperty("items").GetArrayLength().ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => (r.GetProperty("year").GetInt32(), r.GetProperty("unitName").GetString()!)));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            pages++;
        } while (cursor is not null);
        pages.ShouldBe(4);
        // By year, then förvaltning name (byte order, as both databases sort), each plan once.
        seen.ShouldBe(names.Order(StringComparer.Ordinal).Select(n => (2023, n)).Concat(names.Order(StringComparer.Ordinal).Select(n => (2024, n))).ToList());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?unitId={board}&limit=3");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2 + 10);   // sep=, and the header, then every plan
        // Read a year at a time, the CSV has the pages' order: every year's plans, year by year.
        lines.Skip(2).Select(l => l.Split(',')).Select(f => (int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture), f[2])).ShouldBe(seen);
    }

    [Fact]
    public async Task The_csv_of_every_year_has_the_pages_order_across_its_first_batch()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden för den första satsen")).Id;
        // More plans in the first year than the CSV's first batch, the units' names not in the order they were made, and a
        // second year.
        var first = RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.CsvFirstBatch;
        for (var i = 0; i < first + 20; i++)
        {
            var unit = (await admin.CreateUnit($"Enhet {i * 37 % 997:D3}", board)).Id;
            await admin.CreatePlan(unit, 2041);
            if (i % 40 == 0) await admin.CreatePlan(unit, 2042);
        }
        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var page = await admin.GetOk($"/api/v1/follow-up-status?unitId={board}&limit=50" + (cursor is null ? "" : $"&cursor={cursor}"));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("planId").GetInt64()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        } while (cursor is not null);
        paged.Count.ShouldBe(first + 20 + 3);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/follow-up-status?unitId={board}");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(paged);
    }

    [Fact]
    public async Task A_nul_character_is_refused_in_any_text()
    {
        var admin = api.Admin();
        var (plan, riskId) = await Draft("NUL");
        var snapshot = DatabaseSnapshot.Take(api.Database);
        foreach (var (path, body) in new[]
                 {
                     ("/api/v1/units", """{"name":"\u0000","kind":"board"}"""),
                     ($"/api/v1/plans/{plan}/risks", """{"title":"\u0000","description":"d","probability":1,"consequence":1,"handlingMethod":"none"}"""),
                     ($"/api/v1/plans/{plan}/risks", """{"title":"Titel","description":"före\u0000efter","probability":1,"consequence":1,"handlingMethod":"none"}"""),
                 })
        {
            var response = await admin.PostAsync(path, Json(body));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            (await response.Content.ReadAsStringAsync()).ShouldContain("NUL");
        }
        var patch = await admin.PatchAsync($"/api/v1/risks/{riskId}", Json("""{"motivation":"\u0000"}"""));
        patch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await patch.Json()).GetProperty("errors").TryGetProperty("motivation", out _).ShouldBeTrue();
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);
    }

    [Fact]
    public async Task Unknown_charsets_and_bodies_without_a_content_type_are_415_with_a_problem()
    {
        foreach (var contentType in new[] { "application/json; charset=bogus", "application/json; charset=iso-8859-1", "application/json; charset=utf-16" })
        {
            var response = await api.Admin().PostAsync("/api/v1/units", Json("""{"name":"Nämnd","kind":"board"}""", contentType));
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, contentType);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var untyped = new ByteArrayContent("""{"name":"Nämnd","kind":"board"}"""u8.ToArray());
        var noType = await api.Admin().PostAsync("/api/v1/units", untyped);
        noType.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await noType.Json()).GetProperty("detail").GetString()!.ShouldContain("no Content-Type");
        (await api.Admin().PostAsync("/api/v1/units", Json("""{"name":"Nämnd med utf8","kind":"board"}""", "application/json; charset=UTF-8"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Sibling_units_need_names_of_their_own()
    {
        var admin = api.Admin();
        var board = (await admin.CreateBoard("Nämnden för syskon")).Id;
        await admin.CreateUnit("Medicinsk service", board);

        var twin = await admin.PostAsJsonAsync("/api/v1/units", new { name = " medicinsk SERVICE ", kind = "administration", parentId = board });
        twin.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twin.Json()).GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
        (await admin.PostAsJsonAsync("/api/v1/units", new { name = "Nämnden för syskon", kind = "board" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // Under another nämnd the same name is fine.
        var other = (await admin.CreateBoard("Nämnden för kusiner")).Id;
        await admin.CreateUnit("Medicinsk service", other);
    }
}
