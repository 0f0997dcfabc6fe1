using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RiskRegister.Tests.Access;

/// <summary>
/// Every endpoint the running app maps × every kind of caller, against the table below. An endpoint added
/// without a row fails <see cref="Every_endpoint_has_a_row_in_the_role_matrix"/>, so access is always decided on purpose.
/// Callers always ask about the own unit's (Digitalisering IT och MT's) resources; the other unit's registrator
/// must get 404 there, never 403, so it cannot learn what exists.
/// </summary>
public sealed class RoleMatrixTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public enum Who { Admin, RegistratorOwnUnit, RegistratorOtherUnit, Auditor, System, NoKey, RevokedKey }

    /// <summary>What one fresh set of data holds: a draft plan with a risk and an activity, and a followed-up adopted plan.</summary>
    public sealed record World(long OwnUnit, long OtherUnit, long DraftPlan, long DraftRisk, long Activity, long AdoptedPlan, long AdoptedRisk,
        long SpareClient, string OwnKey, string OtherKey, long DraftControl = 0, long AdoptedControl = 0, long Goal = 0);

    /// <summary>One endpoint: how to call it, and the status each caller gets (no key and revoked key: 401 unless stated).</summary>
    public sealed record Row(string Method, string Route, Func<World, string> Path, Func<World, object>? Body,
        int Admin, int RegistratorOwnUnit, int RegistratorOtherUnit, int Auditor, int System, int NoKey = 401, int RevokedKey = 401)
    {
        public int Expected(Who who) => who switch
        {
            Who.Admin => Admin, Who.RegistratorOwnUnit => RegistratorOwnUnit, Who.RegistratorOtherUnit => RegistratorOtherUnit,
            Who.Auditor => Auditor, Who.System => System, Who.NoKey => NoKey, _ => RevokedKey,
        };
    }

    private static readonly object Risk = new { title = "Ny risk", description = "D", probability = 2, consequence = 2, handlingMethod = "bevakning", motivation = "M" };

    public static readonly Row[] Matrix =
    [
        //  method    route                                              path                                                    body                                                       admin reg-own reg-other auditor system
        new("GET",    "/health",                                         _ => "/health",                                         null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        new("GET",    "/health/ready",                                   _ => "/health/ready",                                   null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        // The benchmark's fixed-response ceiling: anonymous, and absent (404) unless Bench:FixedResponse is on.
        new("GET",    "/api/v1/bench/fixed",                             _ => "/api/v1/bench/fixed",                             null,                                                        404, 404, 404, 404, 404, NoKey: 404, RevokedKey: 404),
        // The OpenAPI contract and its interactive page are public, like /health.
        new("GET",    "/openapi/{documentName}.json",                    _ => "/openapi/v1.json",                                null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        new("GET",    "/docs/{documentName?}",                           _ => "/docs/",                                          null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        new("GET",    "/docs/scalar.js",                                 _ => "/docs/scalar.js",                                 null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        new("GET",    "/docs/scalar.aspnetcore.js",                      _ => "/docs/scalar.aspnetcore.js",                      null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        new("GET",    "/docs/favicon.svg",                               _ => "/docs/favicon.svg",                               null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        // The pages the problem types lead to (ProblemTypes): public, like the contract.
        new("GET",    "/problems/{name}",                                _ => "/problems/not-found",                             null,                                                        200, 200, 200, 200, 200, NoKey: 200, RevokedKey: 200),
        // Who the caller is: every role may ask.
        new("GET",    "/api/v1/me",                                      _ => "/api/v1/me",                                      null,                                                        200, 200, 200, 200, 200),
        new("POST",   "/api/v1/units",                                   _ => "/api/v1/units",                                   _ => new { name = "Ny nämnd", kind = "board" },              201, 403, 403, 403, 403),
        new("GET",    "/api/v1/units",                                   _ => "/api/v1/units",                                   null,                                                        200, 200, 200, 200, 403),
        new("GET",    "/api/v1/units/{id}",                              w => $"/api/v1/units/{w.OwnUnit}",                      null,                                                        200, 200, 200, 200, 403),
        new("PATCH",  "/api/v1/units/{id}",                              w => $"/api/v1/units/{w.OwnUnit}",                      _ => new { name = "Omdöpt förvaltning" },                    200, 403, 403, 403, 403),
        new("POST",   "/api/v1/plans",                                   _ => "/api/v1/plans",                                   w => new { unitId = w.OwnUnit, year = 2030 },                201, 201, 400, 403, 403),
        new("GET",    "/api/v1/plans",                                   _ => "/api/v1/plans",                                   null,                                                        200, 200, 200, 200, 403),
        new("GET",    "/api/v1/plans/{id}",                              w => $"/api/v1/plans/{w.DraftPlan}",                    null,                                                        200, 200, 404, 200, 403),
        new("PATCH",  "/api/v1/plans/{id}",                              w => $"/api/v1/plans/{w.DraftPlan}",                    _ => new { introduction = "Inledning" },                     200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/plans/{id}",                              w => $"/api/v1/plans/{w.DraftPlan}",                    null,                                                        204, 204, 404, 403, 403),
        new("POST",   "/api/v1/plans/{id}/adoption",                     w => $"/api/v1/plans/{w.DraftPlan}/adoption",           _ => new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" }, 200, 200, 404, 403, 403),
        new("POST",   "/api/v1/plans/{id}/copy",                         w => $"/api/v1/plans/{w.AdoptedPlan}/copy",             _ => new { year = 2031 },                                    201, 201, 404, 403, 403),
        new("POST",   "/api/v1/plans/{id}/closure",                      w => $"/api/v1/plans/{w.AdoptedPlan}/closure",          _ => new { },                                                200, 200, 404, 403, 403),
        // The import's body must be a workbook: the JSON the matrix sends is 415 for those who may import, after the plan is found.
        new("POST",   "/api/v1/plans/{id}/import",                       w => $"/api/v1/plans/{w.DraftPlan}/import?dryRun=true",  _ => new { },                                                415, 415, 404, 403, 403),
        new("GET",    "/api/v1/plans/import-template",                   _ => "/api/v1/plans/import-template",                   null,                                                        200, 200, 200, 200, 403),
        // Revisions and the nämnd's handling of a round: the writers of the plan's unit. The world's plan has no revision,
        // so those on a revision's number answer 404 once access is granted.
        new("POST",   "/api/v1/plans/{id}/revisions",                    w => $"/api/v1/plans/{w.AdoptedPlan}/revisions",        _ => new { reason = "Ny risk" },                             201, 201, 404, 403, 403),
        new("GET",    "/api/v1/plans/{id}/revisions",                    w => $"/api/v1/plans/{w.AdoptedPlan}/revisions",        null,                                                        200, 200, 404, 200, 403),
        new("GET",    "/api/v1/plans/{id}/revisions/{number}",           w => $"/api/v1/plans/{w.AdoptedPlan}/revisions/1",      null,                                                        404, 404, 404, 404, 403),
        new("POST",   "/api/v1/plans/{id}/revisions/{number}/adoption",  w => $"/api/v1/plans/{w.AdoptedPlan}/revisions/1/adoption", _ => new { date = "2023-08-27", paragraph = "§ 208", caseNumber = "X" }, 404, 404, 404, 403, 403),
        new("DELETE", "/api/v1/plans/{id}/revisions/{number}",           w => $"/api/v1/plans/{w.AdoptedPlan}/revisions/1",      null,                                                        404, 404, 404, 403, 403),
        new("PUT",    "/api/v1/plans/{id}/follow-ups/{round}/report",    w => $"/api/v1/plans/{w.AdoptedPlan}/follow-ups/1/report", _ => new { date = "2023-10-15", paragraph = "§ 29", caseNumber = "X" }, 200, 200, 404, 403, 403),
        new("GET",    "/api/v1/plans/{id}/history",                      w => $"/api/v1/plans/{w.DraftPlan}/history",            null,                                                        200, 200, 404, 200, 403),
        new("POST",   "/api/v1/plans/{planId}/risks",                    w => $"/api/v1/plans/{w.DraftPlan}/risks",              _ => Risk,                                                   201, 201, 404, 403, 403),
        new("GET",    "/api/v1/plans/{planId}/risks",                    w => $"/api/v1/plans/{w.DraftPlan}/risks",              null,                                                        200, 200, 404, 200, 403),
        new("GET",    "/api/v1/risks/{id}",                              w => $"/api/v1/risks/{w.DraftRisk}",                    null,                                                        200, 200, 404, 200, 403),
        new("PATCH",  "/api/v1/risks/{id}",                              w => $"/api/v1/risks/{w.DraftRisk}",                    _ => new { title = "Ändrad" },                               200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/risks/{id}",                              w => $"/api/v1/risks/{w.DraftRisk}",                    null,                                                        204, 204, 404, 403, 403),
        new("GET",    "/api/v1/risks/{id}/history",                      w => $"/api/v1/risks/{w.DraftRisk}/history",            null,                                                        200, 200, 404, 200, 403),
        new("POST",   "/api/v1/risks/{id}/activities",                   w => $"/api/v1/risks/{w.DraftRisk}/activities",         _ => new { description = "A", measure = "M", due = "2023-12-31" }, 201, 201, 404, 403, 403),
        new("GET",    "/api/v1/risks/{id}/activities/{activityId}",      w => $"/api/v1/risks/{w.DraftRisk}/activities/{w.Activity}", null,                                                   200, 200, 404, 200, 403),
        new("PATCH",  "/api/v1/risks/{id}/activities/{activityId}",      w => $"/api/v1/risks/{w.DraftRisk}/activities/{w.Activity}", _ => new { status = "inProgress" },                     200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/risks/{id}/activities/{activityId}",      w => $"/api/v1/risks/{w.DraftRisk}/activities/{w.Activity}", null,                                                   204, 204, 404, 403, 403),
        new("PUT",    "/api/v1/risks/{id}/follow-ups/1",                 w => $"/api/v1/risks/{w.AdoptedRisk}/follow-ups/1",     _ => new { handlingStatus = "done", observations = "O", events = "E", probability = 1, consequence = 1 }, 200, 200, 404, 403, 403),
        new("PUT",    "/api/v1/risks/{id}/follow-ups/2",                 w => $"/api/v1/risks/{w.AdoptedRisk}/follow-ups/2",     _ => new { result = "R", improvementAreas = "I", finalMotivation = "F", probability = 1, consequence = 1 }, 200, 200, 404, 403, 403),
        // Kontrollmoment: as a plan's risks. Changed in a draft; results recorded once adopted.
        new("POST",   "/api/v1/plans/{id}/controls",                     w => $"/api/v1/plans/{w.DraftPlan}/controls",           _ => Risks.Control(),                                        201, 201, 404, 403, 403),
        new("GET",    "/api/v1/plans/{id}/controls",                     w => $"/api/v1/plans/{w.DraftPlan}/controls",           null,                                                        200, 200, 404, 200, 403),
        new("GET",    "/api/v1/controls/{id}",                           w => $"/api/v1/controls/{w.DraftControl}",              null,                                                        200, 200, 404, 200, 403),
        new("PATCH",  "/api/v1/controls/{id}",                           w => $"/api/v1/controls/{w.DraftControl}",              _ => new { scope = "30 fakturor" },                          200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/controls/{id}",                           w => $"/api/v1/controls/{w.DraftControl}",              null,                                                        204, 204, 404, 403, 403),
        new("PUT",    "/api/v1/controls/{id}/results/{round}",           w => $"/api/v1/controls/{w.AdoptedControl}/results/1",  _ => new { result = "Inga avvikelser", @checked = 60, deviations = 0 }, 200, 200, 404, 403, 403),
        // Goals: every reader reads them (names are not secret); the unit's registrators and admins write them.
        new("POST",   "/api/v1/units/{id}/goals",                        w => $"/api/v1/units/{w.OwnUnit}/goals",                _ => new { title = "Nytt mål" },                             201, 201, 403, 403, 403),
        new("GET",    "/api/v1/units/{id}/goals",                        w => $"/api/v1/units/{w.OwnUnit}/goals",                null,                                                        200, 200, 200, 200, 200),
        new("GET",    "/api/v1/goals/{id}",                              w => $"/api/v1/goals/{w.Goal}",                         null,                                                        200, 200, 200, 200, 200),
        new("PATCH",  "/api/v1/goals/{id}",                              w => $"/api/v1/goals/{w.Goal}",                         _ => new { externalRef = "MÅL-2" },                          200, 200, 403, 403, 403),
        new("DELETE", "/api/v1/goals/{id}",                              w => $"/api/v1/goals/{w.Goal}",                         null,                                                        204, 204, 403, 403, 403),
        new("GET",    "/api/v1/goals/{id}/risks",                        w => $"/api/v1/goals/{w.Goal}/risks",                   null,                                                        200, 200, 200, 200, 200),
        // Secrecy marking: the writers of the plan's unit, in any plan status (the risk is in an adopted plan). Unmarking an unmarked risk answers it as it is.
        new("PUT",    "/api/v1/risks/{id}/secrecy",                      w => $"/api/v1/risks/{w.AdoptedRisk}/secrecy",          _ => new { ground = "OSL 18 kap. 8 §" },                     200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/risks/{id}/secrecy",                      w => $"/api/v1/risks/{w.AdoptedRisk}/secrecy",          null,                                                        200, 200, 404, 403, 403),
        // A control's own marking (the adopted plan's control stands alone): as a risk's.
        new("PUT",    "/api/v1/controls/{id}/secrecy",                   w => $"/api/v1/controls/{w.AdoptedControl}/secrecy",    _ => new { ground = "OSL 18 kap. 8 §" },                     200, 200, 404, 403, 403),
        new("DELETE", "/api/v1/controls/{id}/secrecy",                   w => $"/api/v1/controls/{w.AdoptedControl}/secrecy",    null,                                                        200, 200, 404, 403, 403),
        // The public excerpt needs no key, and is absent (404) for everyone unless Public:Enabled (off here; SecrecyTests has it on).
        new("GET",    "/api/v1/public/plans",                            _ => "/api/v1/public/plans",                            null,                                                        404, 404, 404, 404, 404, NoKey: 404, RevokedKey: 404),
        new("GET",    "/api/v1/public/plans/{id}/summary",               w => $"/api/v1/public/plans/{w.AdoptedPlan}/summary",   null,                                                        404, 404, 404, 404, 404, NoKey: 404, RevokedKey: 404),
        new("GET",    "/api/v1/public/plans/{id}/matrix.svg",            w => $"/api/v1/public/plans/{w.AdoptedPlan}/matrix.svg", null,                                                       404, 404, 404, 404, 404, NoKey: 404, RevokedKey: 404),
        new("GET",    "/api/v1/plans/{id}/summary",                      w => $"/api/v1/plans/{w.AdoptedPlan}/summary",          null,                                                        200, 200, 404, 200, 200),
        new("GET",    "/api/v1/plans/{id}/matrix.svg",                   w => $"/api/v1/plans/{w.AdoptedPlan}/matrix.svg",       null,                                                        200, 200, 404, 200, 200),
        new("GET",    "/api/v1/plans/{id}/assessment",                   w => $"/api/v1/plans/{w.AdoptedPlan}/assessment",       null,                                                        200, 200, 404, 200, 200),
        new("GET",    "/api/v1/follow-up-status",                        _ => "/api/v1/follow-up-status?year=2022",              null,                                                        200, 200, 200, 200, 200),
        // The change feed: every role reads it; a registrator's holds only its own units' events.
        new("GET",    "/api/v1/events",                                  _ => "/api/v1/events?limit=5",                          null,                                                        200, 200, 200, 200, 200),
        // Any unit's report covers its subtree; a registrator with no unit in it finds none (InternalControlTests has the rest).
        new("GET",    "/api/v1/units/{id}/internal-control",             w => $"/api/v1/units/{w.OwnUnit}/internal-control?year=2023", null,                                                200, 200, 404, 200, 200),
        new("GET",    "/api/v1/units/{id}/comparison",                   w => $"/api/v1/units/{w.OwnUnit}/comparison?from=2022&to=2023",          null,                                                        200, 200, 404, 200, 200),
        new("POST",   "/api/v1/clients",                                 _ => "/api/v1/clients",                                 _ => new { name = "Ny revisor", role = "auditor" },          201, 403, 403, 403, 403),
        new("GET",    "/api/v1/clients",                                 _ => "/api/v1/clients",                                 null,                                                        200, 403, 403, 403, 403),
        new("GET",    "/api/v1/clients/{id}",                            w => $"/api/v1/clients/{w.SpareClient}",                null,                                                        200, 403, 403, 403, 403),
        new("DELETE", "/api/v1/clients/{id}",                            w => $"/api/v1/clients/{w.SpareClient}",                null,                                                        204, 403, 403, 403, 403),
        // Webhooks are admin matters. This fixture allows no host (Webhooks:AllowedHosts empty), so an admin's is 400
        // and there is no webhook to read: 404 for the admin, 403 for everyone else first.
        new("POST",   "/api/v1/webhooks",                                _ => "/api/v1/webhooks",                                _ => new { url = "https://hooks.region.se/riskregister" },  400, 403, 403, 403, 403),
        new("GET",    "/api/v1/webhooks",                                _ => "/api/v1/webhooks",                                null,                                                        200, 403, 403, 403, 403),
        new("GET",    "/api/v1/webhooks/{id}",                           _ => "/api/v1/webhooks/999999",                         null,                                                        404, 403, 403, 403, 403),
        new("DELETE", "/api/v1/webhooks/{id}",                           _ => "/api/v1/webhooks/999999",                         null,                                                        404, 403, 403, 403, 403),
        new("GET",    "/api/v1/webhooks/{id}/deliveries",                _ => "/api/v1/webhooks/999999/deliveries",              null,                                                        404, 403, 403, 403, 403),
    ];

    public static TheoryData<string, string> Rows() => new(Matrix.Select(r => (r.Method, r.Route)));

    [Fact]
    public void Every_endpoint_has_a_row_in_the_role_matrix()
    {
        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // FastEndpoints maps this one only under WebApplicationFactory, for its own test helpers.
            .Where(e => e.RoutePattern.RawText != "_test_url_cache_")
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var listed = Matrix.Select(r => $"{r.Method} {r.Route}").ToHashSet();

        mapped.Except(listed).Order().ShouldBeEmpty("endpoints without a row in RoleMatrixTests.Matrix");
        listed.Except(mapped).Order().ShouldBeEmpty("rows for endpoints that no longer exist");
        Matrix.Length.ShouldBe(listed.Count, "one row per endpoint");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_gets_the_status_the_matrix_gives(string method, string route)
    {
        var row = Matrix.Single(r => r.Method == method && r.Route == route);
        var shared = await Shared();
        var failures = new List<string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            var expected = row.Expected(who);
            // A write that succeeds changes the data, so it gets data of its own; everything else reads the shared data.
            var world = method != "GET" && expected < 300 ? await NewWorld() : shared.World;
            var key = who switch
            {
                Who.Admin => ApiFixture.AdminKey, Who.RegistratorOwnUnit => world.OwnKey, Who.RegistratorOtherUnit => world.OtherKey,
                Who.Auditor => shared.AuditorKey, Who.System => shared.SystemKey, Who.RevokedKey => shared.RevokedKey, _ => null,
            };
            var request = new HttpRequestMessage(new HttpMethod(method), row.Path(world));
            if (row.Body is not null) request.Content = JsonContent.Create(row.Body(world), options: ApiFixture.Json);
            var response = await api.WithKey(key).SendAsync(request);
            var actual = (int)response.StatusCode;
            if (actual != expected)
                failures.Add($"{who}: expected {expected}, got {actual} {await response.Content.ReadAsStringAsync()}");
            else if (actual is 401 or 403 or 404 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{who}: {actual} without a problem+json body");
        }
        failures.ShouldBeEmpty($"{method} {route}");
    }

    private sealed record SharedData(World World, string AuditorKey, string SystemKey, string RevokedKey);

    private static SharedData? _shared;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<SharedData> Shared()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null && _sharedFor == api) return _shared;
            var admin = api.Admin();
            var (_, auditorKey) = await admin.CreateApiClient("Matrix auditor", "auditor");
            var (_, systemKey) = await admin.CreateApiClient("Matrix system", "system");
            var (revokedId, revokedKey) = await admin.CreateApiClient("Matrix revoked", "auditor");
            (await admin.DeleteAsync($"/api/v1/clients/{revokedId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            _shared = new SharedData(await NewWorld(), auditorKey, systemKey, revokedKey);
            _sharedFor = api;
            return _shared;
        }
        finally { Gate.Release(); }
    }

    private static ApiFixture? _sharedFor;

    private async Task<World> NewWorld()
    {
        var admin = api.Admin();
        var own = await admin.CreateAdministration("Digitalisering IT och MT");
        var other = await admin.CreateAdministration("Medicinsk service");
        var draftPlan = await admin.CreatePlan(own, 2023);
        var draftRisk = await admin.AddRisk(draftPlan, Risk);
        var activity = (await admin.AddActivity(draftRisk, new { description = "A", measure = "M", due = "2023-10-31" })).Id;
        var adoptedPlan = await admin.CreatePlan(own, 2022);
        var adoptedRisk = await admin.AddRisk(adoptedPlan, new { title = "Låg risk", description = "D", probability = 1, consequence = 1, handlingMethod = "none" });
        var draftControl = (await admin.AddControl(draftPlan, Risks.Control(riskId: draftRisk))).Id;
        var adoptedControl = (await admin.AddControl(adoptedPlan)).Id;
        await admin.Adopt(adoptedPlan, new { date = "2022-04-27", paragraph = "§ 9", caseNumber = "2022-POL000100" });
        await admin.RecordFollowUp1(adoptedRisk, new { handlingStatus = "done", observations = "O", events = "E", probability = 1, consequence = 1 });
        await admin.RecordFollowUp2(adoptedRisk, new { result = "R", improvementAreas = "I", finalMotivation = "F", probability = 1, consequence = 1 });
        var (spare, _) = await admin.CreateApiClient("Spare", "system");
        var (_, ownKey) = await admin.CreateApiClient("Registrator DIM", "registrator", own);
        var (_, otherKey) = await admin.CreateApiClient("Registrator MS", "registrator", other);
        var goal = (await admin.PostOk($"/api/v1/units/{own}/goals", new { title = "Stabil IT-drift" })).GetProperty("id").GetInt64();
        return new World(own, other, draftPlan, draftRisk, activity, adoptedPlan, adoptedRisk, spare, ownKey, otherKey, draftControl, adoptedControl, goal);
    }
}
