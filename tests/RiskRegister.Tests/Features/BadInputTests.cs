using System.Text;

namespace RiskRegister.Tests.Features;

/// <summary>Every kind of bad input gets a problem response naming the field, and the database is exactly as it was.</summary>
public sealed class BadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public sealed record Case(string Name, string Method, string Path, string? Body, HttpStatusCode Status, string Field)
    {
        public override string ToString() => Name;
    }

    private const string Plan = "{plan}";
    private const string Risk = "{risk}";
    private const string Activity = "{activity}";
    private const string Adopted = "{adoptedRisk}";
    private const string AdoptedPlan = "{adoptedPlan}";

    public static TheoryData<Case> Cases() => new(
        new Case("malformed JSON (named where it breaks)", "POST", $"/api/v1/plans/{Plan}/risks", "{\"title\": ", HttpStatusCode.BadRequest, "title"),
        new Case("malformed JSON", "POST", $"/api/v1/plans/{Plan}/risks", "{", HttpStatusCode.BadRequest, "body"),
        new Case("empty body", "POST", $"/api/v1/plans/{Plan}/risks", "", HttpStatusCode.BadRequest, "body"),
        new Case("array instead of object", "POST", "/api/v1/plans", "[1,2]", HttpStatusCode.BadRequest, "body"),
        new Case("missing title", "POST", $"/api/v1/plans/{Plan}/risks", """{"description":"d","probability":2,"consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "title"),
        new Case("missing probability", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "probability"),
        new Case("probability as string", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":"3","consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "probability"),
        new Case("probability as fraction", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":2.5,"consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "probability"),
        new Case("consequence outside the 4×4 scale", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":2,"consequence":5,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "consequence"),
        new Case("probability zero", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":0,"consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "probability"),
        new Case("huge number", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":99999999999999,"consequence":2,"handlingMethod":"none"}""", HttpStatusCode.BadRequest, "probability"),
        new Case("unknown handling method", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":2,"consequence":2,"handlingMethod":"ignorera"}""", HttpStatusCode.BadRequest, "handlingMethod"),
        new Case("handling method as number", "POST", $"/api/v1/plans/{Plan}/risks", """{"title":"t","probability":2,"consequence":2,"handlingMethod":1}""", HttpStatusCode.BadRequest, "handlingMethod"),
        new Case("title too long", "POST", $"/api/v1/plans/{Plan}/risks", "{\"title\":\"" + new string('x', 301) + "\",\"probability\":2,\"consequence\":2,\"handlingMethod\":\"none\"}", HttpStatusCode.BadRequest, "title"),
        new Case("unknown plan", "POST", "/api/v1/plans/999999/risks", """{"title":"t","probability":2,"consequence":2,"handlingMethod":"none"}""", HttpStatusCode.NotFound, "planId"),
        new Case("plan id not a number", "GET", "/api/v1/plans/abc", null, HttpStatusCode.BadRequest, "id"),
        new Case("unknown status filter", "GET", "/api/v1/plans?status=open", null, HttpStatusCode.BadRequest, "status"),
        new Case("unknown unit for a plan", "POST", "/api/v1/plans", """{"unitId":999999,"year":2023}""", HttpStatusCode.BadRequest, "unitId"),
        new Case("year missing", "POST", "/api/v1/plans", """{"unitId":1}""", HttpStatusCode.BadRequest, "year"),
        new Case("unknown unit kind", "POST", "/api/v1/units", """{"name":"X","kind":"region"}""", HttpStatusCode.BadRequest, "kind"),
        new Case("department under a board", "POST", "/api/v1/units", """{"name":"Område Norr","kind":"department","parentId":1}""", HttpStatusCode.Conflict, "parentId"),
        new Case("department without a parent", "POST", "/api/v1/units", """{"name":"Område Syd","kind":"department"}""", HttpStatusCode.BadRequest, "parentId"),
        new Case("unit moved under itself", "PATCH", "/api/v1/units/1", """{"parentId":1}""", HttpStatusCode.Conflict, "parentId"),
        new Case("plan texts on an adopted plan", "PATCH", $"/api/v1/plans/{AdoptedPlan}", """{"introduction":"Ny inledning"}""", HttpStatusCode.Conflict, "id"),
        new Case("adopted plan deleted", "DELETE", $"/api/v1/plans/{AdoptedPlan}", null, HttpStatusCode.Conflict, "id"),
        new Case("document title too long", "PATCH", $"/api/v1/plans/{Plan}", "{\"documentTitle\":\"" + new string('x', 201) + "\"}", HttpStatusCode.BadRequest, "documentTitle"),
        new Case("activity without measure", "POST", $"/api/v1/risks/{Risk}/activities", """{"description":"d","due":"2023-10-01"}""", HttpStatusCode.BadRequest, "measure"),
        new Case("activity with impossible date", "POST", $"/api/v1/risks/{Risk}/activities", """{"description":"d","measure":"m","due":"2023-02-30"}""", HttpStatusCode.BadRequest, "due"),
        new Case("activity with date in another format", "POST", $"/api/v1/risks/{Risk}/activities", """{"description":"d","measure":"m","due":"31/10/2023"}""", HttpStatusCode.BadRequest, "due"),
        new Case("unknown activity status", "PATCH", $"/api/v1/risks/{Risk}/activities/{Activity}", """{"status":"finished"}""", HttpStatusCode.BadRequest, "status"),
        new Case("unknown activity", "PATCH", $"/api/v1/risks/{Risk}/activities/999999", """{"status":"done"}""", HttpStatusCode.NotFound, "activityId"),
        new Case("unknown risk", "PATCH", "/api/v1/risks/999999", """{"title":"t"}""", HttpStatusCode.NotFound, "id"),
        new Case("patch with empty title", "PATCH", $"/api/v1/risks/{Risk}", """{"title":""}""", HttpStatusCode.BadRequest, "title"),
        new Case("patch outside the scale", "PATCH", $"/api/v1/risks/{Risk}", """{"probability":7}""", HttpStatusCode.BadRequest, "probability"),
        new Case("follow-up 1 with unknown status", "PUT", $"/api/v1/risks/{Adopted}/follow-ups/1", """{"handlingStatus":"klar","observations":"o","events":"e","probability":2,"consequence":2}""", HttpStatusCode.BadRequest, "handlingStatus"),
        new Case("follow-up 1 without observations", "PUT", $"/api/v1/risks/{Adopted}/follow-ups/1", """{"handlingStatus":"done","events":"e","probability":2,"consequence":2}""", HttpStatusCode.BadRequest, "observations"),
        new Case("follow-up 1 outside the scale", "PUT", $"/api/v1/risks/{Adopted}/follow-ups/1", """{"handlingStatus":"done","observations":"o","events":"e","probability":2,"consequence":5}""", HttpStatusCode.BadRequest, "consequence"),
        new Case("follow-up 2 without final motivation", "PUT", $"/api/v1/risks/{Adopted}/follow-ups/2", """{"result":"r","improvementAreas":"i","probability":2,"consequence":2}""", HttpStatusCode.BadRequest, "finalMotivation"),
        new Case("adoption without a date", "POST", $"/api/v1/plans/{Plan}/adoption", """{"paragraph":"§ 1","caseNumber":"c"}""", HttpStatusCode.BadRequest, "date"),
        new Case("copy without a year", "POST", $"/api/v1/plans/{Plan}/copy", "{}", HttpStatusCode.BadRequest, "year"),
        new Case("list limit out of range", "GET", "/api/v1/plans?limit=0", null, HttpStatusCode.BadRequest, "limit"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_problem_naming_the_field_and_changes_nothing(Case c)
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration();
        var planId = await client.CreatePlan(unitId, 2023);
        var riskId = await client.AddRisk(planId, Risks.Granskning());
        var activityId = (await client.AddActivity(riskId, Risks.Activity())).Id;
        var (adoptedPlanId, adoptedRiskId, _) = await client.AdoptedPlan(2030);
        var path = c.Path.Replace(Plan, planId.ToString()).Replace(Risk, riskId.ToString())
            .Replace(Activity, activityId.ToString()).Replace(AdoptedPlan, adoptedPlanId.ToString()).Replace(Adopted, adoptedRiskId.ToString());
        var body = c.Body?.Replace("\"unitId\":1,", $"\"unitId\":{unitId},");
        var boardId = (await client.Typed().GetUnitAsync(unitId)).ParentId!.Value;
        body = body?.Replace("\"parentId\":1}", $"\"parentId\":{boardId}}}");
        path = path.Replace("/units/1", $"/units/{boardId}");
        var before = DatabaseSnapshot.Take(api.Database);

        var request = new HttpRequestMessage(new HttpMethod(c.Method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(c.Status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Json();
        problem.GetProperty("status").GetInt32().ShouldBe((int)c.Status);
        problem.GetProperty("errors").TryGetProperty(c.Field, out var reasons).ShouldBeTrue($"errors should name {c.Field}: {problem}");
        reasons[0].GetString()!.ShouldNotContain("System.");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_changes_nothing()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var before = DatabaseSnapshot.Take(api.Database);
        var body = "{\"title\":\"" + new string('x', 1_100_000) + "\"}";

        var response = await client.PostAsync($"/api/v1/plans/{planId}/risks", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var response = await client.PostAsync($"/api/v1/plans/{planId}/risks", new StringContent("title=x", Encoding.UTF8, "text/plain"));
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
