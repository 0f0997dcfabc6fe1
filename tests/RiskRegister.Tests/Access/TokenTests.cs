using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskRegister.DevIdp;

namespace RiskRegister.Tests.Access;

/// <summary>
/// The service with two identity providers configured (the development provider of tools/RiskRegister.DevIdp, twice,
/// each on Kestrel at 127.0.0.1 on a free port, in this process), and every log line it writes captured.
/// </summary>
public sealed class TokenApi : ApiFixture
{
    public DevIdentityProvider Idp { get; private set; } = null!;
    public DevIdentityProvider Other { get; private set; } = null!;
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Every token a test sent, for the scan of the log.</summary>
    public ConcurrentBag<string> Sent { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        Idp = await DevIdentityProvider.StartAsync();
        Other = await DevIdentityProvider.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Auth:Issuers:0:Authority", Idp.Issuer),
        new("Auth:Issuers:0:Audience", DevIdentityProvider.DefaultAudience),
        new("Auth:Issuers:0:RequireHttpsMetadata", "false"),
        new("Auth:Issuers:0:UnitClaim", DevIdentityProvider.UnitClaim),
        new("Auth:Issuers:0:RoleMap:riskregister.admin", "admin"),
        new("Auth:Issuers:0:RoleMap:riskregister.registrator", "registrator"),
        new("Auth:Issuers:0:RoleMap:riskregister.auditor", "auditor"),
        new("Auth:Issuers:0:RoleMap:riskregister.system", "system"),
        new("Auth:Issuers:0:KeyRefreshInterval", "00:00:01"),
        // The second provider calls its roles otherwise, as another region's would.
        new("Auth:Issuers:1:Authority", Other.Issuer + "/"),
        new("Auth:Issuers:1:Audience", DevIdentityProvider.DefaultAudience),
        new("Auth:Issuers:1:RequireHttpsMetadata", "false"),
        new("Auth:Issuers:1:RoleClaim", "groups"),
        new("Auth:Issuers:1:RoleMap:RR-Revisorer", "auditor"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CaptureProvider(Log));
            logging.AddFilter<CaptureProvider>(null, LogLevel.Trace);
        });
    }

    public HttpClient WithToken(string token)
    {
        Sent.Add(token);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
        await Other.DisposeAsync();
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {state} | {exception}");
    }
}

public sealed class TokenTests(TokenApi api) : IClassFixture<TokenApi>
{
    private static Dictionary<string, object> Person(string role, string name = "Karin Kontroll", params string[] units) => new()
    {
        ["sub"] = "person-" + Guid.NewGuid().ToString("N")[..8], ["name"] = name, ["roles"] = new[] { role }, [DevIdentityProvider.UnitClaim] = units,
    };

    private async Task<JsonElement> Me(string token)
    {
        var response = await api.WithToken(token).GetAsync("/api/v1/me");
        var json = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> Refused(string token, string path = "/api/v1/units")
    {
        var response = await api.WithToken(token).GetAsync(path);
        return (response, await response.Json());
    }

    private static void ShouldBeUnauthorized(HttpResponseMessage response, JsonElement problem, string detailPart)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, problem.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("detail").GetString()!.ShouldContain(detailPart, Case.Insensitive);
        var challenge = response.Headers.WwwAuthenticate.ShouldHaveSingleItem();
        challenge.Scheme.ShouldBe("Bearer");
        challenge.Parameter!.ShouldContain("error=\"invalid_token\"");
        challenge.Parameter!.ShouldContain("error_description=\"");
    }

    [Fact]
    public async Task Each_role_of_the_provider_is_a_caller_here_and_me_says_who()
    {
        foreach (var (claim, role) in new[] { ("riskregister.admin", "admin"), ("riskregister.auditor", "auditor"), ("riskregister.system", "system"), ("riskregister.registrator", "registrator") })
        {
            var me = await Me(api.Idp.Issue(Person(claim)));
            me.GetProperty("role").GetString().ShouldBe(role);
            me.GetProperty("name").GetString().ShouldBe("Karin Kontroll");
            me.GetProperty("via").GetString().ShouldBe("token");
            me.GetProperty("issuer").GetString().ShouldBe(api.Idp.Issuer);
        }
        // Roles decide as they do for keys: an auditor reads, and may not create a unit.
        var auditor = api.WithToken(api.Idp.Issue(Person("riskregister.auditor")));
        (await auditor.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await auditor.PostAsJsonAsync("/api/v1/units", new { name = "Ny nämnd", kind = "board" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.WithToken(api.Idp.Issue(Person("riskregister.admin"))).PostAsJsonAsync("/api/v1/units", new { name = "Tokennämnd", kind = "board" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Two_people_with_one_Idempotency_Key_each_get_their_own_write_not_the_others_answer()
    {
        // Token callers have no client row; their keys must still be theirs alone (a shared key would hand one person
        // the other's answer).
        async Task<HttpResponseMessage> Create(string token, string name)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/units") { Content = JsonContent.Create(new { name, kind = "board" }) };
            request.Headers.Add("Idempotency-Key", "samma-nyckel-1");
            return await api.WithToken(token).SendAsync(request);
        }
        var first = await Create(api.Idp.Issue(Person("riskregister.admin", "Anna Admin")), "Idempotensnämnd A");
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await Create(api.Idp.Issue(Person("riskregister.admin", "Bertil Admin")), "Idempotensnämnd B");
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await second.Json()).GetProperty("name").GetString().ShouldBe("Idempotensnämnd B");
    }

    [Fact]
    public async Task The_providers_token_endpoint_signs_in_a_person_and_a_system()
    {
        using var http = new HttpClient();
        var person = await (await http.PostAsync(api.Idp.Issuer + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "admin", ["password"] = "demo",
        }))).Json();
        var me = await Me(person.GetProperty("access_token").GetString()!);
        me.GetProperty("name").GetString().ShouldBe("Anna Administratör");
        me.GetProperty("role").GetString().ShouldBe("admin");

        // Client credentials: no person, so the client's id is its name; its role comes through the same map.
        var system = await (await http.PostAsync(api.Idp.Issuer + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "region-integration", ["client_secret"] = "demo-secret",
        }))).Json();
        me = await Me(system.GetProperty("access_token").GetString()!);
        me.GetProperty("name").GetString().ShouldBe("region-integration");
        me.GetProperty("role").GetString().ShouldBe("system");
    }

    [Fact]
    public async Task Api_keys_keep_working_beside_tokens()
    {
        var me = await api.Admin().GetOk("/api/v1/me");
        me.GetProperty("via").GetString().ShouldBe("apiKey");
        me.GetProperty("role").GetString().ShouldBe("admin");
        me.GetProperty("issuer").ValueKind.ShouldBe(JsonValueKind.Null);
        // Without credentials the 401 offers both ways in (RFC 9110 §11.6.1), the bearer one since an issuer is configured.
        var missing = await api.WithKey(null).GetAsync("/api/v1/units");
        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.Select(c => c.Scheme).ShouldBe(["ApiKey", "Bearer"]);
    }

    [Fact]
    public async Task A_registrators_unit_claim_names_units_by_external_id_and_covers_their_subtree()
    {
        var admin = api.Admin();
        var board = await admin.CreateBoard("Hälso- och sjukvårdsnämnden " + Guid.NewGuid().ToString("N")[..6]);
        var administration = await admin.CreateUnit("Område psykiatri", board.Id);
        var other = await admin.CreateAdministration("Medicinsk service");
        var hsa = "SE2321000131-E" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        await using (var connection = api.Database.Open())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE units SET external_id = '{hsa}' WHERE id = {board.Id}";
            await command.ExecuteNonQueryAsync();
        }

        var token = api.Idp.Issue(Person("riskregister.registrator", "Rut Registrator", hsa));
        var me = await Me(token);
        me.GetProperty("unitIds").EnumerateArray().Select(u => u.GetInt64()).ShouldBe([board.Id, administration.Id], ignoreOrder: true);
        var registrator = api.WithToken(token);
        (await registrator.PostAsJsonAsync("/api/v1/plans", new { unitId = administration.Id, year = 2031 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await registrator.PostAsJsonAsync("/api/v1/plans", new { unitId = other, year = 2031 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_unit_claim_matching_no_unit_is_403_naming_the_claim_and_value()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.registrator", "Rut", "SE-INGEN-SADAN-ENHET")));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, problem.ToString());
        problem.GetProperty("detail").GetString()!.ShouldContain(DevIdentityProvider.UnitClaim);
        problem.GetProperty("detail").GetString()!.ShouldContain("SE-INGEN-SADAN-ENHET");
    }

    [Fact]
    public async Task A_role_claim_the_map_does_not_know_is_403_naming_the_claim()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.okand")));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, problem.ToString());
        problem.GetProperty("detail").GetString()!.ShouldContain("'roles' claim");
    }

    [Fact]
    public async Task An_expired_token_is_401_saying_so()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-10)));
        ShouldBeUnauthorized(response, problem, "expired");
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_401_saying_so()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), notBefore: DateTime.UtcNow.AddMinutes(30), expires: DateTime.UtcNow.AddHours(2)));
        ShouldBeUnauthorized(response, problem, "not valid before");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401_naming_the_audience_accepted()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), audience: "ekonomisystemet"));
        ShouldBeUnauthorized(response, problem, "another audience");
        problem.GetProperty("detail").GetString()!.ShouldContain("'riskregister'");
    }

    [Fact]
    public async Task A_token_of_an_issuer_not_configured_is_401_naming_it()
    {
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), issuer: "https://idp.annan-region.se"));
        ShouldBeUnauthorized(response, problem, "issuer 'https://idp.annan-region.se' is not one this service accepts");
    }

    [Fact]
    public async Task An_unsigned_token_alg_none_is_401()
    {
        var token = api.Idp.Issue(Person("riskregister.admin"), unsigned: true);
        token.Split('.')[0].ShouldBe(Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
        var (response, problem) = await Refused(token);
        ShouldBeUnauthorized(response, problem, "signature");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_401()
    {
        // A key the provider never published: its key id is unknown, also after fetching the keys again.
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), key: DevIdentityProvider.NewKey()));
        ShouldBeUnauthorized(response, problem, "key id (kid)");

        // Another key under the published key's id: the signature does not verify.
        var forged = DevIdentityProvider.NewKey();
        forged.KeyId = api.Idp.CurrentKey.KeyId;
        (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), key: forged));
        ShouldBeUnauthorized(response, problem, "signature does not verify");
    }

    [Fact]
    public async Task A_key_rollover_needs_no_restart_and_the_old_key_is_refused_once_removed()
    {
        var old = api.Idp.Issue(Person("riskregister.admin"));
        await Me(old);
        var oldKey = api.Idp.CurrentKey;

        api.Idp.RotateKey(keepOld: false);
        var reads = api.Idp.KeySetReads;
        // The service may fetch keys at most once a second (Auth:Issuers:0:KeyRefreshInterval here); other tests may just have.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        // The first request with the new key is accepted: the keys are fetched again before it is answered.
        var fresh = api.Idp.Issue(Person("riskregister.admin"));
        (await Me(fresh)).GetProperty("role").GetString().ShouldBe("admin");
        api.Idp.KeySetReads.ShouldBeGreaterThan(reads, "the service fetched the provider's keys again");

        // A token signed with the removed key is refused. (One validated before the rollover is remembered for at most
        // ValidatedTokens.Lifetime, as a revoked API key is.)
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), key: oldKey));
        ShouldBeUnauthorized(response, problem, "key id (kid)");
    }

    [Fact]
    public async Task A_token_seen_again_is_remembered_by_its_hash_and_no_other_is()
    {
        var token = api.Idp.Issue(Person("riskregister.admin"));
        await Me(token);
        var remembered = api.Services.GetRequiredService<RiskRegister.Api.Auth.ValidatedTokens>();
        remembered.TryGet(RiskRegister.Api.Auth.TokenAuthentication.SchemeFor(0), token, out _).ShouldBeTrue();
        remembered.TryGet(RiskRegister.Api.Auth.TokenAuthentication.SchemeFor(0), token + "x", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_issuers_are_accepted_at_once_each_with_its_own_claims()
    {
        var me = await Me(api.Other.Issue(new Dictionary<string, object> { ["sub"] = "o-1", ["name"] = "Olle Annan", ["groups"] = new[] { "RR-Revisorer" } }));
        me.GetProperty("role").GetString().ShouldBe("auditor");
        me.GetProperty("issuer").GetString().ShouldBe(api.Other.Issuer);
        (await Me(api.Idp.Issue(Person("riskregister.admin")))).GetProperty("issuer").GetString().ShouldBe(api.Idp.Issuer);

        // Each issuer signs with its own keys: the other's key under this one's name is refused.
        var (response, problem) = await Refused(api.Idp.Issue(Person("riskregister.admin"), key: api.Other.CurrentKey));
        ShouldBeUnauthorized(response, problem, "key id (kid)");
    }

    [Fact]
    public async Task History_and_events_name_the_person_and_keep_the_subject()
    {
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Regionservice");
        var claims = Person("riskregister.admin", "Karin Kontroll");
        var person = api.WithToken(api.Idp.Issue(claims));
        var plan = await person.PostOk("/api/v1/plans", new { unitId = unit, year = 2032 });
        var planId = plan.GetProperty("id").GetInt64();

        var entry = (await admin.GetOk($"/api/v1/plans/{planId}/history")).GetProperty("items")[0];
        entry.GetProperty("clientName").GetString().ShouldBe("Karin Kontroll");
        entry.GetProperty("subject").GetString().ShouldBe((string)claims["sub"]);
        entry.GetProperty("issuer").GetString().ShouldBe(api.Idp.Issuer);

        var events = (await admin.GetOk("/api/v1/events?limit=500")).GetProperty("items").EnumerateArray();
        events.Last(e => e.GetProperty("planId").ValueKind == JsonValueKind.Number && e.GetProperty("planId").GetInt64() == planId)
            .GetProperty("actor").GetString().ShouldBe("Karin Kontroll");

        // A key's entries have no subject.
        await admin.PostOk("/api/v1/plans", new { unitId = unit, year = 2033 });
    }

    [Fact]
    public async Task No_token_or_key_reaches_the_log()
    {
        var valid = api.Idp.Issue(Person("riskregister.admin"));
        await api.WithToken(valid).GetAsync("/api/v1/units");
        await api.WithToken(api.Idp.Issue(Person("riskregister.admin"), expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddHours(-1))).GetAsync("/api/v1/units");
        await api.WithToken(api.Idp.Issue(Person("riskregister.admin"), key: DevIdentityProvider.NewKey())).GetAsync("/api/v1/units");
        await api.WithToken(api.Idp.Issue(Person("riskregister.admin"), audience: "annan")).GetAsync("/api/v1/units");
        await api.WithToken(api.Idp.Issue(Person("riskregister.admin"), unsigned: true)).GetAsync("/api/v1/units");
        await api.WithToken("not.a-token").GetAsync("/api/v1/units");
        await api.WithToken(valid[..^4] + "AAAA").GetAsync("/api/v1/units");

        var lines = api.Log.ToList();
        lines.ShouldNotBeEmpty();
        foreach (var token in api.Sent)
            foreach (var part in token.Split('.').Where(p => p.Length >= 16))
                lines.Where(l => l.Contains(part, StringComparison.Ordinal)).ShouldBeEmpty("a log line holds part of a token");
        lines.Where(l => l.Contains("eyJ", StringComparison.Ordinal)).ShouldBeEmpty("a log line holds something JWT-like");
        lines.Where(l => l.Contains(ApiFixture.AdminKey, StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private static string Base64Url(string text) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(text);
}
