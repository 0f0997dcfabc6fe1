using System.Net.Http.Headers;
using System.Text;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// Every kind of error the service answers, sent through the validating proxy: each must arrive as the contract
/// declares it (status listed for the operation, problem+json by the ApiProblem schema, headers as documented).
/// Requests that are wrong on purpose go through <see cref="ProxiedApiFixture.ResponsesOnly"/>, so it is the service
/// that answers them, not Prism.
/// </summary>
public sealed class ContractErrorTests(ProxiedApiFixture api) : IClassFixture<ProxiedApiFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(long PlanId, long RiskId)> DraftWithRisk(int year)
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration($"Förvaltning {year}");
        var plan = await admin.CreatePlan(unit, year);
        var risk = await admin.AddRisk(plan, Risks.Lower());
        return (plan, risk);
    }

    private async Task ShouldBeProblem(HttpResponseMessage response, int status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", body);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        problem.GetProperty("type").GetString()!.ShouldStartWith("/problems/", customMessage: body);   // the service's, not Prism's
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        if (field is not null) problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
        api.Violations().ShouldBeEmpty();
    }

    [Fact]
    public async Task Enum_spellings_other_than_the_contracts_are_400_naming_the_field_and_the_values()
    {
        var response = await api.Through(api.ResponsesOnly).GetAsync("api/v1/plans?status=ADOPTED");
        await ShouldBeProblem(response, 400, "status");
        (await response.Content.ReadAsStringAsync()).ShouldContain("draft, adopted, revising, closed");
        var body = await api.Through(api.ResponsesOnly).PostAsync("api/v1/units", Json("""{"name":"Nämnden","kind":"Board"}"""));
        await ShouldBeProblem(body, 400, "kind");
        (await body.Content.ReadAsStringAsync()).ShouldContain("board, administration");
        var (_, risk) = await DraftWithRisk(2040);
        await ShouldBeProblem(await api.Through(api.ResponsesOnly).PatchAsync($"api/v1/risks/{risk}", Json("""{"handlingMethod":"ATGARD"}""")), 400, "handlingMethod");
    }

    [Fact]
    public async Task Malformed_json_and_values_outside_the_plans_scale_are_400()
    {
        // Prism's proxy never answers a body that is not JSON (it waits on its own parser), so this one goes to the
        // service directly; its answer is the same ApiProblem as every other 400 here.
        await ShouldBeProblem(await api.WithKey(ApiFixture.AdminKey).PostAsync("/api/v1/units", Json("{")), 400);
        var (plan, _) = await DraftWithRisk(2041);
        // Valid by the schema (1–5), refused by the plan's 4-step scale: the service answers, through the strict proxy.
        var risk = """{"title":"T","description":"D","probability":5,"consequence":1,"handlingMethod":"none"}""";
        await ShouldBeProblem(await api.Through(api.Strict).PostAsync($"api/v1/plans/{plan}/risks", Json(risk)), 400, "probability");
    }

    [Fact]
    public async Task Unknown_keys_are_401_and_roles_without_the_right_403()
    {
        await ShouldBeProblem(await api.Through(api.Strict, "not-a-key").GetAsync("api/v1/plans"), 401);
        var (_, auditorKey) = await api.Admin().CreateApiClient("Revisionen 403", "auditor");
        await ShouldBeProblem(await api.Through(api.Strict, auditorKey).PostAsync("api/v1/units", Json("""{"name":"N","kind":"board"}""")), 403);
    }

    [Fact]
    public async Task Unknown_ids_are_404_state_conflicts_409_and_stale_etags_412()
    {
        await ShouldBeProblem(await api.Through(api.Strict).GetAsync("api/v1/plans/987654"), 404, "id");
        await ShouldBeProblem(await api.Through(api.Strict).GetAsync("api/v1/risks/987654/activities/1"), 404, "id");
        var (plan, risk) = await DraftWithRisk(2042);
        var unit = (await api.Admin().GetOk($"/api/v1/plans/{plan}")).GetProperty("unitId").GetInt64();
        await ShouldBeProblem(await api.Through(api.Strict).PostAsync("api/v1/plans", Json($$"""{"unitId":{{unit}},"year":2042}""")), 409, "year");
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/risks/{risk}") { Content = Json("""{"title":"Ny"}""") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"999\""));
        await ShouldBeProblem(await api.Through(api.Strict).SendAsync(stale), 412);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413_also_where_no_body_is_taken_and_other_media_types_415()
    {
        var big = new string('a', 1_100_000);
        await ShouldBeProblem(await api.Through(api.ResponsesOnly).PostAsync("api/v1/units", Json($$"""{"name":"{{big}}","kind":"board"}""")), 413);
        var (plan, _) = await DraftWithRisk(2043);
        await ShouldBeProblem(await api.Through(api.ResponsesOnly).PostAsync($"api/v1/plans/{plan}/closure", Json($$"""{"x":"{{big}}"}""")), 413);
        await ShouldBeProblem(await api.Through(api.ResponsesOnly).PostAsync("api/v1/units", new StringContent("""{"name":"N","kind":"board"}""", Encoding.UTF8, "text/plain")), 415);
    }

    [Fact]
    public async Task A_client_over_its_rate_limit_gets_429_with_Retry_After()
    {
        var (_, key) = await api.Admin().CreateApiClient("Ivrig integration", "auditor");
        var direct = api.WithKey(key);
        for (var i = 0; i < ProxiedApiFixture.PermitsPerMinute; i++)
            await direct.GetAsync("/api/v1/units");   // straight to the service: only the answer past the limit needs the proxy
        var refused = await api.Through(api.Strict, key).GetAsync("api/v1/units");
        await ShouldBeProblem(refused, 429);
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reads_and_deletes_work_with_a_json_content_type_and_no_body()
    {
        var (plan, risk) = await DraftWithRisk(2044);
        foreach (var path in new[] { $"api/v1/plans/{plan}", "api/v1/units", $"api/v1/risks/{risk}", $"api/v1/plans/{plan}/summary" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path) { Content = new ByteArrayContent([]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await api.Through(api.ResponsesOnly).SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path + ": " + await response.Content.ReadAsStringAsync());
        }
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/risks/{risk}") { Content = new ByteArrayContent([]) };
        delete.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        (await api.Through(api.ResponsesOnly).SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        api.Violations().ShouldBeEmpty();
    }
}
