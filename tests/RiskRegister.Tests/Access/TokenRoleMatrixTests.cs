using System.Net.Http.Json;
using RiskRegister.DevIdp;

namespace RiskRegister.Tests.Access;

/// <summary>
/// The role matrix again (<see cref="RoleMatrixTests.Matrix"/>, every endpoint × every kind of caller), each caller
/// signed in with a bearer token of the development provider instead of an API key: the registrators' tokens name
/// their units by external id, and the revoked key's place is taken by an expired token.
/// </summary>
public sealed class TokenRoleMatrixTests(TokenApi api) : IClassFixture<TokenApi>
{
    private static readonly object Risk = new { title = "Ny risk", description = "D", probability = 2, consequence = 2, handlingMethod = "bevakning", motivation = "M" };

    public static TheoryData<string, string> Rows() => RoleMatrixTests.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_with_a_token_gets_the_status_the_matrix_gives(string method, string route)
    {
        var row = RoleMatrixTests.Matrix.Single(r => r.Method == method && r.Route == route);
        var shared = await Shared();
        var failures = new List<string>();
        foreach (var who in Enum.GetValues<RoleMatrixTests.Who>())
        {
            var expected = row.Expected(who);
            var world = method != "GET" && expected < 300 ? await NewWorld() : shared;
            var token = who switch
            {
                RoleMatrixTests.Who.Admin => Token("riskregister.admin"),
                RoleMatrixTests.Who.RegistratorOwnUnit => world.OwnKey,
                RoleMatrixTests.Who.RegistratorOtherUnit => world.OtherKey,
                RoleMatrixTests.Who.Auditor => Token("riskregister.auditor"),
                RoleMatrixTests.Who.System => Token("riskregister.system"),
                RoleMatrixTests.Who.RevokedKey => api.Idp.Issue(Claims("riskregister.admin"), notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1)),
                _ => null,
            };
            var request = new HttpRequestMessage(new HttpMethod(method), row.Path(world));
            if (row.Body is not null) request.Content = JsonContent.Create(row.Body(world), options: ApiFixture.Json);
            var response = await (token is null ? api.CreateClient() : api.WithToken(token)).SendAsync(request);
            var actual = (int)response.StatusCode;
            if (actual != expected)
                failures.Add($"{who}: expected {expected}, got {actual} {await response.Content.ReadAsStringAsync()}");
            else if (actual is 401 or 403 or 404 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{who}: {actual} without a problem+json body");
        }
        failures.ShouldBeEmpty($"{method} {route}");
    }

    private static Dictionary<string, object> Claims(string role, params string[] units) => new()
    {
        ["sub"] = "matrix-" + role, ["name"] = "Matrix " + role, ["roles"] = new[] { role }, [DevIdentityProvider.UnitClaim] = units,
    };

    private string Token(string role, params string[] units) => api.Idp.Issue(Claims(role, units));

    private RoleMatrixTests.World? _shared;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<RoleMatrixTests.World> Shared()
    {
        await Gate.WaitAsync();
        try { return _shared ??= await NewWorld(); }
        finally { Gate.Release(); }
    }

    private async Task<RoleMatrixTests.World> NewWorld()
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
        var goal = (await admin.PostOk($"/api/v1/units/{own}/goals", new { title = "Stabil IT-drift" })).GetProperty("id").GetInt64();
        // The registrators' units, named in their tokens by external id (an HSA id), as a region's provider names them.
        var (ownHsa, otherHsa) = ($"SE-MATRIX-{own}", $"SE-MATRIX-{other}");
        await using (var connection = api.Database.Open())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE units SET external_id = 'SE-MATRIX-' || CAST(id AS TEXT) WHERE id IN ({own}, {other})";
            await command.ExecuteNonQueryAsync();
        }
        return new RoleMatrixTests.World(own, other, draftPlan, draftRisk, activity, adoptedPlan, adoptedRisk, spare,
            Token("riskregister.registrator", ownHsa), Token("riskregister.registrator", otherHsa), draftControl, adoptedControl, goal);
    }
}
