using System.Net.Http.Headers;
using RiskRegister.Api.Infrastructure;
using RiskRegister.DevIdp;

namespace RiskRegister.Tests.Postgres;

/// <summary>An instance that accepts the development provider's tokens (one issuer, its roles mapped as in the README).</summary>
public sealed class TokenInstance(DevIdentityProvider idp) : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Auth:Issuers:0:Authority", idp.Issuer),
        new("Auth:Issuers:0:Audience", DevIdentityProvider.DefaultAudience),
        new("Auth:Issuers:0:RequireHttpsMetadata", "false"),
        new("Auth:Issuers:0:RoleMap:riskregister.admin", "admin"),
        new("Auth:Issuers:0:RoleMap:riskregister.auditor", "auditor"),
    ];

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>Two instances on one PostgreSQL database, both trusting one identity provider, as behind a load balancer.</summary>
public sealed class TwoTokenInstances : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.Create(DatabaseProvider.Postgres);
    public DevIdentityProvider Idp { get; private set; } = null!;
    public TokenInstance First { get; private set; } = null!;
    public TokenInstance Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Idp = await DevIdentityProvider.StartAsync();
        First = new TokenInstance(Idp) { Database = Database, KeepDatabase = true };
        Second = new TokenInstance(Idp) { Database = Database, KeepDatabase = true };
        await First.InitializeAsync();
        await Second.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await Idp.DisposeAsync();
        Database.Drop();
    }
}

/// <summary>Issue 26: two instances accept the same tokens, and a person's write through one is theirs through the other.</summary>
[Trait("Database", "PostgreSQL")]
public sealed class TwoInstancesTokenTests(TwoTokenInstances instances) : IClassFixture<TwoTokenInstances>
{
    private static Dictionary<string, object> Person(string role, string name) => new()
    {
        ["sub"] = "person-" + Guid.NewGuid().ToString("N")[..8], ["name"] = name, ["roles"] = new[] { role },
    };

    [Fact]
    public async Task One_token_is_accepted_by_both_instances_and_its_persons_write_is_named_through_the_other()
    {
        var token = instances.Idp.Issue(Person("riskregister.admin", "Ada Administratör"));
        foreach (var instance in new[] { instances.First, instances.Second })
        {
            var me = await instance.WithToken(token).GetOk("/api/v1/me");
            me.GetProperty("name").GetString().ShouldBe("Ada Administratör");
            me.GetProperty("via").GetString().ShouldBe("token");
        }
        var created = await instances.First.WithToken(token).PostAsJsonAsync("/api/v1/units", new { name = "Tvåinstansnämnden", kind = "board" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var unitId = (await created.Json()).GetProperty("id").GetInt64();

        // The other instance serves the unit to the same token, and an auditor's token there reads who made it.
        (await instances.Second.WithToken(token).GetAsync($"/api/v1/units/{unitId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var auditor = instances.Second.WithToken(instances.Idp.Issue(Person("riskregister.auditor", "Rolf Revisor")));
        var events = await auditor.GetOk("/api/v1/events?limit=500");
        var made = events.GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "unit.created" && e.GetProperty("unitId").ValueKind == JsonValueKind.Number && e.GetProperty("unitId").GetInt64() == unitId);
        made.GetProperty("actor").GetString().ShouldBe("Ada Administratör");
    }
}
