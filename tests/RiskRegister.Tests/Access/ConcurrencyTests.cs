using System.Net.Http.Headers;

namespace RiskRegister.Tests.Access;

public sealed class ConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Two_clients_racing_with_the_same_etag_on_one_risk_exactly_one_wins()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration();
        var planId = await admin.CreatePlan(unitId, 2023);
        var (_, aliceKey) = await admin.CreateApiClient("Alice", "registrator", unitId);
        var (_, bobKey) = await admin.CreateApiClient("Bob", "registrator", unitId);
        var alice = api.WithKey(aliceKey);
        var bob = api.WithKey(bobKey);

        // Repeated, so a lucky interleaving cannot hide a lost update.
        for (var round = 0; round < 10; round++)
        {
            var riskId = await admin.AddRisk(planId, new { title = $"Risk {round}", description = "D", probability = 2, consequence = 2, handlingMethod = "none" });
            var read = await alice.GetAsync($"/api/v1/risks/{riskId}");
            var etag = read.Headers.ETag!;

            HttpRequestMessage Patch(string title)
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}") { Content = JsonContent.Create(new { title }) };
                request.Headers.IfMatch.Add(etag);
                return request;
            }
            var responses = await Task.WhenAll(alice.SendAsync(Patch("Alice's title")), bob.SendAsync(Patch("Bob's title")));

            responses.Select(r => (int)r.StatusCode).Order().ToArray().ShouldBe(new[] { 200, 412 }, $"round {round}");
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? "Alice" : "Bob";
            var stored = await admin.GetOk($"/api/v1/risks/{riskId}");
            stored.GetProperty("title").GetString().ShouldBe($"{winner}'s title");
            var history = (await admin.GetOk($"/api/v1/risks/{riskId}/history")).GetProperty("items").EnumerateArray().ToList();
            history.Count(h => h.GetProperty("action").GetString() == "changed").ShouldBe(1);
            history[0].GetProperty("clientName").GetString().ShouldBe(winner);
            // The winner's response carries the new ETag; the loser can re-read and retry with it.
            responses.Single(r => r.StatusCode == HttpStatusCode.OK).Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        }
    }
}

public sealed class ActivityETagTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_activity_write_returns_its_risks_new_etag_so_the_next_write_can_send_If_Match()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration(), 2023);
        var riskId = await admin.AddRisk(planId, new { title = "T", description = "D", probability = 2, consequence = 2, handlingMethod = "none" });

        var created = await admin.PostAsJsonAsync($"/api/v1/risks/{riskId}/activities", new { description = "A", measure = "M", due = "2023-10-31" });
        var activityId = (await created.Json()).GetProperty("id").GetInt64();
        var change = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}/activities/{activityId}") { Content = JsonContent.Create(new { status = "done" }) };
        change.Headers.IfMatch.Add(created.Headers.ETag!);
        var changed = await admin.SendAsync(change);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag!.Tag.ShouldBe((await admin.GetAsync($"/api/v1/risks/{riskId}")).Headers.ETag!.Tag);
    }
}
