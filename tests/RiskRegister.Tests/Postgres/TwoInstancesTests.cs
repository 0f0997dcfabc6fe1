using System.Diagnostics;
using System.Net.Http.Headers;
using RiskRegister.Api.Infrastructure;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Postgres;

/// <summary>Two service instances on one PostgreSQL database, as behind a load balancer: two hosts in this process.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.Create(DatabaseProvider.Postgres);
    public ApiFixture First { get; }
    public ApiFixture Second { get; }

    public TwoInstances()
    {
        First = new ApiFixture { Database = Database, KeepDatabase = true };
        Second = new ApiFixture { Database = Database, KeepDatabase = true };
    }

    public async ValueTask InitializeAsync()
    {
        // Started at the same moment against the empty database: the migrations' advisory lock lets one apply them.
        await Task.WhenAll(Task.Run(() => First.InitializeAsync().AsTask()), Task.Run(() => Second.InitializeAsync().AsTask()));
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Database.Drop();
    }
}

/// <summary>
/// Every rule that a write checks before it writes holds with two instances racing on one database: exactly one
/// winner, the rule never broken, history complete (issue: PostgreSQL and several instances). Each race is repeated,
/// so a lucky interleaving cannot hide a lost update.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class TwoInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private const int Rounds = 10;
    private HttpClient First => instances.First.Admin();
    private HttpClient Second => instances.Second.Admin();

    [Fact]
    public async Task Two_instances_started_together_on_an_empty_database_apply_each_migration_once()
    {
        await using var connection = instances.Database.Open();
        var journal = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name")).ToList();
        journal.ShouldBe(MigrationRunner.Scripts(DatabaseProvider.Postgres).Select(s => s.Name).ToList());
        foreach (var api in new[] { instances.First, instances.Second })
            (await api.WithKey(null).GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_patches_with_the_same_If_Match_through_two_instances_one_wins_and_history_has_one_change()
    {
        var planId = await First.CreatePlan(await First.CreateAdministration("Patch race"));
        for (var round = 0; round < Rounds; round++)
        {
            var riskId = await First.AddRisk(planId, Risks.Lower($"Risk {round}"));
            var etag = (await First.GetAsync($"/api/v1/risks/{riskId}")).Headers.ETag!;
            HttpRequestMessage Patch(string title)
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}") { Content = JsonContent.Create(new { title }) };
                request.Headers.IfMatch.Add(etag);
                return request;
            }
            var answers = await Task.WhenAll(First.SendAsync(Patch("first")), Second.SendAsync(Patch("second")));

            answers.Select(a => (int)a.StatusCode).Order().ToArray().ShouldBe(new[] { 200, 412 }, $"round {round}");
            var winner = answers[0].StatusCode == HttpStatusCode.OK ? "first" : "second";
            (await Second.GetOk($"/api/v1/risks/{riskId}")).GetProperty("title").GetString().ShouldBe(winner);
            var history = (await First.GetOk($"/api/v1/risks/{riskId}/history")).GetProperty("items").EnumerateArray();
            history.Count(h => h.GetProperty("action").GetString() == "changed").ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task Adoption_racing_a_new_risk_that_needs_an_activity_never_adopts_a_plan_that_breaks_the_rule()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var planId = await First.CreatePlan(await First.CreateAdministration($"Adoption race {round}"));
            await First.AddRisk(planId, Risks.Lower());
            // A granskning risk without an activity makes the plan one that may not be adopted.
            var answers = await Task.WhenAll(
                First.PostAsJsonAsync($"/api/v1/plans/{planId}/adoption", Risks.Decision),
                Second.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risks.Granskning()));
            var (adoption, creation) = (answers[0].StatusCode, answers[1].StatusCode);

            // Either the adoption came first (and the plan is frozen), or the risk did (and the adoption is refused).
            new[] { (adoption, creation) }.ShouldBeSubsetOf(new[]
            {
                (HttpStatusCode.OK, HttpStatusCode.Conflict),
                (HttpStatusCode.Conflict, HttpStatusCode.Created),
            }, $"round {round}");
            var plan = await Second.GetOk($"/api/v1/plans/{planId}");
            plan.GetProperty("status").GetString().ShouldBe(adoption == HttpStatusCode.OK ? "adopted" : "draft");
            plan.GetProperty("risks").GetArrayLength().ShouldBe(creation == HttpStatusCode.Created ? 2 : 1);
            var actions = (await First.GetOk($"/api/v1/plans/{planId}/history")).GetProperty("items").EnumerateArray()
                .Select(h => h.GetProperty("action").GetString()).ToList();
            actions.Count(a => a == "adopted").ShouldBe(adoption == HttpStatusCode.OK ? 1 : 0);
        }
    }

    [Fact]
    public async Task Two_creations_of_one_unit_year_plan_through_two_instances_make_one_plan()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var unitId = await First.CreateAdministration($"Plan race {round}");
            var answers = await Task.WhenAll(
                First.PostAsJsonAsync("/api/v1/plans", new { unitId, year = 2024 }),
                Second.PostAsJsonAsync("/api/v1/plans", new { unitId, year = 2024 }));

            answers.Select(a => (int)a.StatusCode).Order().ToArray().ShouldBe(new[] { 201, 409 }, $"round {round}");
            // The loser is told which plan holds the year, as on SQLite: it waited for the winner and then read its plan.
            var winner = (await answers.Single(a => a.StatusCode == HttpStatusCode.Created).Json()).GetProperty("id").GetInt64();
            (await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync()).ShouldContain($"plan {winner} for 2024");
            (await First.GetOk($"/api/v1/plans?unitId={unitId}")).GetProperty("items").GetArrayLength().ShouldBe(1);
        }
    }

    [Fact]
    public async Task Two_copies_to_one_year_through_two_instances_make_one_copy()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (planId, _, _) = await First.AdoptedPlan(2023);
            var answers = await Task.WhenAll(
                First.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2024 }),
                Second.PostAsJsonAsync($"/api/v1/plans/{planId}/copy", new { year = 2024 }));

            answers.Select(a => (int)a.StatusCode).Order().ToArray().ShouldBe(new[] { 201, 409 }, $"round {round}");
            var unitId = (await First.GetOk($"/api/v1/plans/{planId}")).GetProperty("unitId").GetInt64();
            (await Second.GetOk($"/api/v1/plans?unitId={unitId}&year=2024")).GetProperty("items").GetArrayLength().ShouldBe(1);
        }
    }

    [Fact]
    public async Task Two_units_of_one_name_through_two_instances_make_one_unit()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"Nämnden för samtidighet {round}";
            var answers = await Task.WhenAll(
                First.PostAsJsonAsync("/api/v1/units", new { name, kind = "board" }),
                Second.PostAsJsonAsync("/api/v1/units", new { name, kind = "board" }));
            answers.Select(a => (int)a.StatusCode).Order().ToArray().ShouldBe(new[] { 201, 409 }, $"round {round}");
        }
    }

    [Fact]
    public async Task Two_admins_revoking_each_other_through_two_instances_leave_one_admin()
    {
        for (var round = 0; round < 3; round++)
        {
            var (aliceId, aliceKey) = await First.CreateApiClient($"Alice {round}", "admin");
            var (bobId, bobKey) = await First.CreateApiClient($"Bob {round}", "admin");
            // Revoke the fixture's own admin and every earlier one, so these two are the last admins.
            await using (var connection = instances.Database.Open())
                await connection.ExecuteAsync("UPDATE clients SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE role = 'admin' AND id NOT IN (@aliceId, @bobId) AND revoked_at IS NULL", new { aliceId, bobId });
            instances.First.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>().Invalidate();
            instances.Second.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>().Invalidate();

            var answers = await Task.WhenAll(
                instances.First.WithKey(aliceKey).DeleteAsync($"/api/v1/clients/{bobId}"),
                instances.Second.WithKey(bobKey).DeleteAsync($"/api/v1/clients/{aliceId}"));

            // One revocation wins; the other is refused as the last admin's (409), or finds its own key revoked (401).
            var statuses = answers.Select(a => (int)a.StatusCode).Order().ToArray();
            statuses[0].ShouldBe(204, $"round {round}");
            statuses[1].ShouldBeOneOf(401, 409);
            await using var check = instances.Database.Open();
            (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE role = 'admin' AND revoked_at IS NULL")).ShouldBe(1);
            // Give the next round (and the other tests) an admin key that works on both instances again.
            await check.ExecuteAsync("UPDATE clients SET revoked_at = NULL WHERE key_hash = @hash", new { hash = RiskRegister.Api.Auth.ApiKeys.Hash(ApiFixture.AdminKey) });
            instances.First.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>().Invalidate();
            instances.Second.Services.GetRequiredService<RiskRegister.Api.Auth.ApiKeyCache>().Invalidate();
        }
    }

    [Fact]
    public async Task A_key_revoked_through_one_instance_is_refused_by_the_other_within_a_second()
    {
        var (id, key) = await First.CreateApiClient("Revoked elsewhere", "auditor");
        var onSecond = instances.Second.WithKey(key);
        // Known to the second instance, so its cache holds the key.
        (await onSecond.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await onSecond.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await First.DeleteAsync($"/api/v1/clients/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do status = (await onSecond.GetAsync("/api/v1/units")).StatusCode;
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5));

        status.ShouldBe(HttpStatusCode.Unauthorized);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_write_repeated_with_its_Idempotency_Key_through_the_other_instance_is_answered_from_the_first_and_stored_once()
    {
        var name = $"Nämnd {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post() => new(HttpMethod.Post, "/api/v1/units")
        {
            Content = JsonContent.Create(new { name, kind = "board" }),
            Headers = { { Idempotency.Header, key } },
        };
        var first = await First.SendAsync(Post());
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await Second.SendAsync(Post());
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.Headers.Location.ShouldBe(first.Headers.Location);
        (await again.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());

        // Racing through both instances at once: one write.
        var raced = $"Nämnd {Guid.NewGuid():N}";
        var racedKey = Guid.NewGuid().ToString();
        HttpRequestMessage Race() => new(HttpMethod.Post, "/api/v1/units")
        {
            Content = JsonContent.Create(new { name = raced, kind = "board" }),
            Headers = { { Idempotency.Header, racedKey } },
        };
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? First : Second).SendAsync(Race())));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict);
        await using var connection = instances.Database.Open();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE name = @name", new { name })).ShouldBe(1);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE name = @raced", new { raced })).ShouldBe(1);
    }
}
