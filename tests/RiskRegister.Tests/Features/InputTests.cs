using System.Net.Http.Headers;
using System.Text;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Input a gateway, a terminal or a reader would take differently from the service (issue 22, points 4–6): duplicate
/// members, control and invisible characters, numbers spelt with a sign or spaces. Each is refused with a 400 naming
/// the field, and nothing is stored.
/// </summary>
public sealed class InputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/json") } };

    private static async Task<string[]> Refused(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await response.Json()).GetProperty("errors");
        errors.TryGetProperty(field, out var reasons).ShouldBeTrue(errors.ToString());
        return reasons.EnumerateArray().Select(r => r.GetString()!).ToArray();
    }

    [Fact]
    public async Task A_member_sent_twice_is_refused_naming_it()
    {
        var admin = api.Admin();
        var plan = await admin.CreatePlan(await admin.CreateAdministration("Dubbla medlemmar"));
        var snapshot = DatabaseSnapshot.Take(api.Database);

        var risk = await admin.PostAsync($"/api/v1/plans/{plan}/risks",
            Json("""{"title":"Titel","probability":4,"consequence":2,"handlingMethod":"none","probability":1}"""));
        var reasons = await Refused(risk, "probability");
        reasons.ShouldContain(r => r.Contains("more than once", StringComparison.Ordinal), string.Join(" | ", reasons));
        // Case-insensitive binding reads "Title" as "title": two spellings of one member are the same duplicate.
        var unit = await admin.PostAsync("/api/v1/units", Json("""{"name":"A","kind":"board","Name":"B"}"""));
        unit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // Nested objects too (the webhook's lists are arrays, so a unit id repeated in an array is not a duplicate).
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);
    }

    [Fact]
    public async Task Control_characters_are_refused_and_single_line_fields_refuse_tab_and_line_breaks_too()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Styrtecken");
        var plan = await admin.CreatePlan(unit);
        var riskId = await admin.AddRisk(plan, Risks.Granskning());
        var snapshot = DatabaseSnapshot.Take(api.Database);

        // ESC and BEL in any text, long ones included.
        foreach (var (path, body, field) in new[]
                 {
                     ("/api/v1/units", """{"name":"Nämnd\u001b[31m","kind":"board"}""", "name"),
                     ($"/api/v1/plans/{plan}/risks", """{"title":"Titel","description":"ringer\u0007","probability":1,"consequence":1,"handlingMethod":"none"}""", "description"),
                     ("/api/v1/clients", """{"name":"System\u001b","role":"system"}""", "name"),
                 })
            (await Refused(await admin.PostAsync(path, Json(body)), field)).ShouldContain(r => r.Contains("control character", StringComparison.Ordinal), body);

        // Single-line fields: names, titles, the legal ground, the decision's references, owner, responsible.
        foreach (var (method, path, body, field) in new[]
                 {
                     ("POST", "/api/v1/units", """{"name":"Nämnd\tett","kind":"board"}""", "name"),
                     ("POST", "/api/v1/clients", """{"name":"Rad ett\nrad två","role":"system"}""", "name"),
                     ("POST", "/api/v1/plans", $$"""{"unitId":{{unit}},"year":2040,"title":"Plan\r\n2040"}""", "title"),
                     ("POST", $"/api/v1/plans/{plan}/risks", """{"title":"Två\nrader","probability":1,"consequence":1,"handlingMethod":"none"}""", "title"),
                     ("POST", $"/api/v1/plans/{plan}/risks", """{"title":"T","owner":"Chef\tA","probability":1,"consequence":1,"handlingMethod":"none"}""", "owner"),
                     ("PATCH", $"/api/v1/risks/{riskId}", """{"category":"Område\n"}""", "category"),
                     ("POST", $"/api/v1/risks/{riskId}/activities", """{"description":"d","measure":"m","due":"2023-10-01","responsible":"A\nB"}""", "responsible"),
                     ("POST", $"/api/v1/plans/{plan}/adoption", """{"date":"2023-04-26","paragraph":"§\n12","caseNumber":"2023-1"}""", "paragraph"),
                     ("PUT", $"/api/v1/risks/{riskId}/secrecy", """{"ground":"OSL 18 kap.\n8 §"}""", "ground"),
                 })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) };
            if (method is "PATCH" or "PUT") request.Headers.IfMatch.Add(new EntityTagHeaderValue(await admin.RiskETag(riskId)));
            (await Refused(await admin.SendAsync(request), field)).ShouldContain(TextRules.NotOneLine, body);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);

        // Long texts keep their tabs and paragraphs.
        var kept = await admin.PostAsync($"/api/v1/plans/{plan}/risks",
            Json("""{"title":"Stycken","description":"Första stycket.\n\n\tAndra stycket.","probability":1,"consequence":1,"handlingMethod":"none"}"""));
        kept.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await kept.Json()).GetProperty("description").GetString().ShouldBe("Första stycket.\n\n\tAndra stycket.");
    }

    [Fact]
    public async Task Unit_and_client_names_refuse_invisible_characters_and_compare_in_NFKC()
    {
        var admin = api.Admin();
        var snapshot = DatabaseSnapshot.Take(api.Database);
        foreach (var name in new[] { "Kir\u200Burgi", "\u200DKirurgi", "Kiru\u00ADrgi", "\uFEFFKirurgi", "Kirurgi\u200E" })
        {
            (await Refused(await admin.PostAsJsonAsync("/api/v1/units", new { name, kind = "board" }), "name")).ShouldContain(TextRules.Invisible, name);
            (await Refused(await admin.PostAsJsonAsync("/api/v1/clients", new { name, role = "system" }), "name")).ShouldContain(TextRules.Invisible, name);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(snapshot);

        var first = await admin.PostAsJsonAsync("/api/v1/units", new { name = "Nämnden för ﬁnans", kind = "board" });   // the ﬁ ligature
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await first.Json()).GetProperty("name").GetString().ShouldBe("Nämnden för finans");
        // Full-width letters, and an ä written as a + combining diaeresis: the same name to a reader.
        foreach (var lookalike in new[] { "Ｎämnden för finans", "Na\u0308mnden för finans" })
            (await admin.PostAsJsonAsync("/api/v1/units", new { name = lookalike, kind = "board" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, lookalike);
        var client = await admin.PostAsJsonAsync("/api/v1/clients", new { name = "Ｉntranät", role = "system" });
        (await client.Json()).GetProperty("name").GetString().ShouldBe("Intranät");
    }

    [Fact]
    public async Task An_id_is_digits_only_so_plus_one_is_not_client_one()
    {
        var admin = api.Admin();
        var created = await admin.CreateClient("Plustecken", "system");
        foreach (var spelling in new[] { $"+{created.Id}", $"%20{created.Id}", $"{created.Id}%20", $"0x{created.Id:x}", $"{created.Id}.0" })
        {
            var response = await admin.DeleteAsync($"/api/v1/clients/{spelling}");
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.NotFound], spelling);
        }
        (await admin.GetOk($"/api/v1/clients/{created.Id}")).GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await api.WithKey(created.Key).GetAsync("/api/v1/plans")).StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
        // Numbers in the query alike.
        (await admin.GetAsync("/api/v1/plans?limit=+5")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>Every operation with a number in its path, from the contract: "+1" there is a 400, never id 1.</summary>
    [Fact]
    public async Task Every_id_in_a_path_refuses_a_sign()
    {
        var admin = api.Admin();
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var checkedOperations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var numbers = parameters.Where(x => x.GetProperty("in").GetString() == "path"
                && x.GetProperty("schema").TryGetProperty("type", out var type) && type.ToString().Contains("integer", StringComparison.Ordinal))
                .Select(x => x.GetProperty("name").GetString()!).ToList();
            // The public excerpt is off in this fixture (404 for all of it); its ids go through the same parser.
            if (numbers.Count == 0 || path.Name.Contains("/public/", StringComparison.Ordinal)) continue;
            var url = path.Name;
            foreach (var name in numbers) url = url.Replace("{" + name + "}", "+1", StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, "{[^}]+}", "1");
            var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), "/api/v1" + url.Replace("/api/v1", "", StringComparison.Ordinal));
            if (operation.Name is "post" or "put" or "patch") request.Content = Json("{}");
            var response = await admin.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{operation.Name} {url}");
            checkedOperations++;
        }
        checkedOperations.ShouldBeGreaterThan(20);
    }
}
