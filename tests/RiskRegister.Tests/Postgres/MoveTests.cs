using RiskRegister.Api.Infrastructure;
using RiskRegister.Operations;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// make move: a SQLite register copied into an empty PostgreSQL database answers every read exactly as before — the
/// same bodies and ETags — its keys keep working, and no id is given twice.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class MoveTests
{
    /// <summary>Reminders are writes of the service's own (history entries): off here, so both registers hold only the test's writes.</summary>
    private sealed class NoReminders : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("FollowUps:Reminders", "false"), new("Webhooks:AllowedHosts", "127.0.0.1"), new("Webhooks:AllowedPorts", "9999")];
    }

    /// <summary>The reports' own time of writing (generatedAt, today) is the one thing that may differ.</summary>
    private static string WithoutClock(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body, "\"(generatedAt|today|asOf)\":\"[^\"]*\"", "\"$1\":\"…\"");

    [Fact]
    public async Task A_moved_register_answers_as_the_SQLite_one_did_and_its_keys_and_ids_go_on()
    {
        var sqlite = TestDatabase.Create(DatabaseProvider.Sqlite);
        var postgres = TestDatabase.Create(DatabaseProvider.Postgres);
        long planId, copyId, riskId, deletedRiskId, unitId;
        string registratorKey;
        var reads = new List<string>();
        var answers = new Dictionary<string, (string Body, string? ETag)>();
        try
        {
            await using (var before = new NoReminders { Database = sqlite, KeepDatabase = true })
            {
                await before.InitializeAsync();
                var admin = before.Admin();
                (planId, _, riskId) = await admin.AdoptedPlan(2023);
                await admin.RecordFollowUp1(riskId, Risks.Round1(4, 3));
                await admin.RecordFollowUp2(riskId, Risks.Round2(2, 2));
                copyId = (await admin.Copy(planId, 2024)).Id;
                unitId = (await admin.GetOk($"/api/v1/plans/{planId}")).GetProperty("unitId").GetInt64();
                deletedRiskId = await admin.AddRisk(copyId, Risks.Lower("Raderas"));
                (await admin.DeleteAsync($"/api/v1/risks/{deletedRiskId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
                (_, registratorKey) = await admin.CreateApiClient("Registrator", "registrator", unitId);
                // A department moved under one created after it (its parent has the higher id), and a plan's own texts.
                var earlier = await admin.CreateDepartment("Område A", unitId, externalId: "HSA-MOVE-A");
                var later = await admin.CreateDepartment("Område B", unitId);
                (await admin.PatchAsJsonAsync($"/api/v1/units/{earlier.Id}", new { parentId = later.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
                await admin.Typed().ChangePlanAsync(copyId, new RiskRegister.Client.ChangePlanRequest { Introduction = "Inledning" });
                reads.Add($"/api/v1/units/{earlier.Id}");
                // A goal of the unit, and a control of the copy linked to it.
                var goal = (await admin.PostOk($"/api/v1/units/{unitId}/goals", new { title = "Långsiktigt stark ekonomi", externalRef = "RS-5" })).GetProperty("id").GetInt64();
                await admin.PostOk($"/api/v1/plans/{copyId}/controls", new { title = "Attest", method = "stickprov", frequency = "halvarsvis", goalIds = new[] { goal } });
                reads.AddRange([$"/api/v1/units/{unitId}/goals", $"/api/v1/goals/{goal}", $"/api/v1/goals/{goal}/risks"]);
                reads.AddRange([
                    $"/api/v1/plans/{planId}", $"/api/v1/plans/{copyId}", $"/api/v1/risks/{riskId}", $"/api/v1/plans/{planId}/summary",
                    $"/api/v1/plans/{planId}/assessment", $"/api/v1/plans/{planId}/history", $"/api/v1/risks/{deletedRiskId}/history",
                    "/api/v1/units", "/api/v1/clients?includeRevoked=true", "/api/v1/follow-up-status", $"/api/v1/units/{unitId}/comparison?from=2023&to=2024",
                ]);
                // A batched webhook (its maxEventsPerDelivery moves with it), of a type that no later write makes.
                var hook = await admin.CreateWebhook(new { url = "http://127.0.0.1:9999/hook", types = new[] { "plan.adopted" }, maxEventsPerDelivery = 10 });
                // Its outbox: a delivered chunk of two events, as the dispatcher writes one (it moves with the webhook).
                using (var connection = sqlite.Open())
                    connection.Execute("""
                        INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, last_status_code, delivered_at)
                        SELECT @id, MIN(id), MAX(id), MIN(id) || ',' || MAX(id), 'delivered', 1, 200, @at FROM (SELECT id FROM history ORDER BY id LIMIT 2) h
                        """, new { id = hook.Id, at = Clock.Timestamp() });
                reads.AddRange(["/api/v1/webhooks", $"/api/v1/webhooks/{hook.Id}/deliveries"]);
                foreach (var path in reads)
                {
                    var response = await admin.GetAsync(path);
                    response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
                    answers[path] = (WithoutClock(await response.Content.ReadAsStringAsync()), response.Headers.ETag?.Tag);
                }
            }

            var output = new StringWriter();
            var report = await RegisterMove.RunAsync(sqlite.Path, postgres.ConnectionString, output, CancellationToken.None);
            report.Copied.Single(c => c.Table == "risks").Rows.ShouldBe(4);   // two in 2023, their two copies in 2024
            (report.Copied.Single(c => c.Table == "goals").Rows, report.Copied.Single(c => c.Table == "control_goals").Rows).ShouldBe((1, 1));
            output.ToString().ShouldContain("history: ");
            report.Copied.Single(c => c.Table == "webhook_delivery_chunks").Rows.ShouldBe(1);

            await using var after = new NoReminders { Database = postgres, KeepDatabase = true };
            await after.InitializeAsync();
            foreach (var path in reads)
            {
                var response = await after.Admin().GetAsync(path);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
                WithoutClock(await response.Content.ReadAsStringAsync()).ShouldBe(answers[path].Body, path);
                response.Headers.ETag?.Tag.ShouldBe(answers[path].ETag, path);
            }
            // The registrator's key still works, on its own unit only.
            (await after.WithKey(registratorKey).GetAsync($"/api/v1/plans/{planId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            // The deleted risk's id is not given again: its history stays its own.
            (await after.Admin().AddRisk(copyId, Risks.Lower("Ny"))).ShouldBeGreaterThan(deletedRiskId);

            // A second move into the now non-empty database is refused, and changes nothing.
            var refused = await Should.ThrowAsync<RegisterMove.Refused>(() => RegisterMove.RunAsync(sqlite.Path, postgres.ConnectionString, TextWriter.Null, CancellationToken.None));
            refused.Message.ShouldContain("not empty");
        }
        finally
        {
            sqlite.Drop();
            postgres.Drop();
        }
    }
}
