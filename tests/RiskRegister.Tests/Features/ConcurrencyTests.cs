namespace RiskRegister.Tests.Features;

/// <summary>ETags and If-Match: nobody silently overwrites someone else's change.</summary>
public sealed class ConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_change_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var created = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risks.Bevakning());
        var riskId = (await created.Json()).GetProperty("id").GetInt64();
        var firstETag = created.Headers.ETag!.Tag;

        var first = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}") { Content = JsonContent.Create(new { title = "Första ändringen" }) };
        first.Headers.IfMatch.ParseAdd(firstETag);
        var accepted = await client.SendAsync(first);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        accepted.Headers.ETag!.Tag.ShouldNotBe(firstETag);
        var before = DatabaseSnapshot.Take(api.Database);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/risks/{riskId}") { Content = JsonContent.Create(new { title = "Andra ändringen" }) };
        stale.Headers.IfMatch.ParseAdd(firstETag);
        var refused = await client.SendAsync(stale);

        refused.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
        (await client.GetOk($"/api/v1/risks/{riskId}")).GetProperty("title").GetString().ShouldBe("Första ändringen");
    }

    [Fact]
    public async Task A_risk_read_carries_the_etag_that_a_later_write_accepts()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, Risks.Bevakning());
        var read = await client.GetAsync($"/api/v1/risks/{riskId}");

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/risks/{riskId}");
        delete.Headers.IfMatch.ParseAdd(read.Headers.ETag!.Tag);
        (await client.SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"/api/v1/risks/{riskId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_an_activity_moves_the_etag_of_the_risk_and_of_its_plan()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var riskId = await client.AddRisk(planId, Risks.Granskning());
        var riskTag = (await client.GetAsync($"/api/v1/risks/{riskId}")).Headers.ETag!.Tag;
        var planTag = (await client.GetAsync($"/api/v1/plans/{planId}")).Headers.ETag!.Tag;

        await client.AddActivity(riskId);

        (await client.GetAsync($"/api/v1/risks/{riskId}")).Headers.ETag!.Tag.ShouldNotBe(riskTag);
        var adoptStale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{planId}/adoption") { Content = JsonContent.Create(Risks.Decision) };
        adoptStale.Headers.IfMatch.ParseAdd(planTag);
        (await client.SendAsync(adoptStale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Writes_answer_the_same_etag_and_body_as_reading_the_risk_afterwards()
    {
        var client = api.Admin();
        var (_, bevakning, _) = await client.AdoptedPlan();
        var recorded = await client.PutAsJsonAsync($"/api/v1/risks/{bevakning}/follow-ups/1", Risks.Round1(3, 3));
        recorded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await client.GetAsync($"/api/v1/risks/{bevakning}");
        read.Headers.ETag!.Tag.ShouldBe(recorded.Headers.ETag!.Tag);
        (await read.Json()).GetProperty("followUp1").GetRawText().ShouldBe((await recorded.Json()).GetRawText());

        var planId = await client.CreatePlan(await client.CreateAdministration());
        var created = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risks.Bevakning());
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var createdBody = await created.Json();
        var readCreated = await client.GetAsync($"/api/v1/risks/{createdBody.GetProperty("id").GetInt64()}");
        readCreated.Headers.ETag!.Tag.ShouldBe(created.Headers.ETag!.Tag);
        (await readCreated.Json()).GetRawText().ShouldBe(createdBody.GetRawText());
    }
}
