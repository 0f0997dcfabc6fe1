using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Infrastructure;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Issue 22 (OWASP API4): the large reads are bounded. History pages and the event feed are written as they are read,
/// a few rows in each turn (StreamedPage), so a page is never held whole; a plan's JSON is built in the documents' turns
/// and sent from a buffer the gate counts (DocumentGate). Without the bounding each of these pages was built whole
/// before its first byte left, and these tests fail: the whole page arrives while the reads' turns are held.
/// </summary>
public sealed class LargeReadsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>A text at the 8,000-character limit, different for each <paramref name="seed"/>.</summary>
    private static string Long(int seed) => string.Concat(Enumerable.Repeat($"Text {seed}: åtgärden följs upp av förvaltningen. ", 200))[..8000];

    /// <summary>A plan whose risk was changed <paramref name="changes"/> times, each change two long texts: about 40 KB of history an entry.</summary>
    private async Task<(long PlanId, long RiskId)> PlanWithLongHistory(HttpClient admin, string name, int changes)
    {
        var planId = await admin.CreatePlan(await admin.CreateAdministration(name));
        var riskId = await admin.AddRisk(planId, Risks.Granskning());
        for (var i = 0; i < changes; i++)
            (await admin.PatchAsJsonAsync($"/api/v1/risks/{riskId}", new { description = Long(2 * i), motivation = Long(2 * i + 1) }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        return (planId, riskId);
    }

    /// <summary>A plan of ten risks whose texts are at their limit: about 160 KB as JSON.</summary>
    private static async Task<long> LargePlan(HttpClient admin, string name)
    {
        var planId = await admin.CreatePlan(await admin.CreateAdministration(name));
        for (var i = 0; i < 10; i++)
            await admin.AddRisk(planId, new { title = $"Risk {i}", description = Long(i), probability = 2, consequence = 2, handlingMethod = "granskning", motivation = Long(100 + i) });
        return planId;
    }

    /// <summary>
    /// Reads <paramref name="path"/> while the streamed reads' turns are held after its first bytes: the answer has begun
    /// but cannot end until the turns are given back, and then ends as the page read whole.
    /// </summary>
    private static async Task ArrivesAsItIsRead(HttpClient client, string path)
    {
        var whole = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        whole.Length.ShouldBeGreaterThan(500_000);   // many reads of StreamedPage.RowsPerRead entries, each past the pipe's 64 KiB

        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        received.Write(buffer, 0, await body.ReadAsync(buffer));
        Task rest;
        // The first read's rows have left; no turn is held while the server waits for this client to take them.
        using (await StreamedPage.HoldTurnsAsync())
        {
            rest = Task.Run(async () =>
            {
                var chunk = new byte[16 * 1024];
                while (await body.ReadAsync(chunk) is var n and > 0)
                    lock (received) received.Write(chunk, 0, n);
            });
            (await Task.WhenAny(rest, Task.Delay(TimeSpan.FromSeconds(2)))).ShouldNotBe(rest);   // the rest waits for a turn
            string sofar;
            lock (received) sofar = Encoding.UTF8.GetString(received.ToArray());
            sofar.ShouldStartWith("{\"items\":[{\"id\":");
            sofar.ShouldNotContain("\"nextCursor\"");
            whole.ShouldStartWith(sofar[..(sofar.Length - 4)]);   // (the last bytes read may end inside a character)
        }
        await rest;
        Encoding.UTF8.GetString(received.ToArray()).ShouldBe(whole);
    }

    [Fact]
    public async Task A_plans_history_is_written_as_it_is_read_in_turns()
    {
        var admin = api.Admin();
        var (planId, riskId) = await PlanWithLongHistory(admin, "Lång historik", 40);
        await ArrivesAsItIsRead(admin, $"/api/v1/plans/{planId}/history?limit=500");
        await ArrivesAsItIsRead(admin, $"/api/v1/risks/{riskId}/history?limit=500");

        // Paged as before: the cursor is the last entry sent, null on the last page.
        var first = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=9");
        var items = first.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(9);
        first.GetProperty("nextCursor").GetInt64().ShouldBe(items[^1].GetProperty("id").GetInt64());
        var rest = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=500&cursor={items[^1].GetProperty("id").GetInt64()}");
        rest.GetProperty("items").GetArrayLength().ShouldBe(41 + 1 - 9);   // plan created, risk created, 40 changes
        rest.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        var exact = await admin.GetOk($"/api/v1/plans/{planId}/history?limit=16&cursor={items[^1].GetProperty("id").GetInt64()}");
        exact.GetProperty("items").GetArrayLength().ShouldBe(16);
        exact.GetProperty("nextCursor").GetInt64().ShouldBe(exact.GetProperty("items")[15].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_event_feed_is_written_as_it_is_read_in_turns()
    {
        var admin = api.Admin();
        var start = (await admin.GetOk("/api/v1/events?limit=500")).GetProperty("nextCursor").GetInt64();
        while ((await admin.GetOk($"/api/v1/events?limit=500&after={start}")).GetProperty("nextCursor").GetInt64() is var next && next != start) start = next;
        await PlanWithLongHistory(admin, "Långa händelser", 40);
        var (_, system) = await admin.CreateApiClient("Stormens system", "system");
        await ArrivesAsItIsRead(api.WithKey(system), $"/api/v1/events?limit=500&after={start}");

        var page = await admin.GetOk($"/api/v1/events?limit=17&after={start}");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(17);
        page.GetProperty("nextCursor").GetInt64().ShouldBe(items[^1].GetProperty("cursor").GetInt64());
    }

    [Fact]
    public async Task A_plans_json_is_built_in_the_documents_turns_and_counted_while_it_is_sent()
    {
        var admin = api.Admin();
        var planId = await LargePlan(admin, "Stor plan");
        var gate = api.Services.GetRequiredService<DocumentGate>();
        using var first = await admin.GetAsync($"/api/v1/plans/{planId}");
        var whole = await first.Content.ReadAsByteArrayAsync();
        whole.Length.ShouldBeGreaterThan(160_000);

        using var response = await admin.GetAsync($"/api/v1/plans/{planId}", HttpCompletionOption.ResponseHeadersRead);
        // The ETag is the plan's version, as before (set in the turn, before the answer leaves).
        response.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        response.Content.Headers.ContentLength.ShouldBe(whole.Length);
        response.Content.Headers.ContentDisposition.ShouldBeNull();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        (await body.ReadAsync(buffer)).ShouldBeGreaterThan(0);
        // Not yet read by this client: the answer is held in the gate's buffer, and counted.
        gate.BytesInFlight.ShouldBeGreaterThanOrEqualTo(whole.Length);
        var rest = new MemoryStream();
        await body.CopyToAsync(rest);
        (1024 + rest.Length).ShouldBeGreaterThanOrEqualTo(whole.Length);
        await admin.AddRisk(planId, Risks.Bevakning());
        (await admin.GetAsync($"/api/v1/plans/{planId}")).Headers.ETag!.Tag.ShouldNotBe(first.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_plan_changed_while_an_answer_of_it_is_still_being_sent_is_read_as_changed()
    {
        var admin = api.Admin();
        var planId = await LargePlan(admin, "Stor plan som ändras");
        // An answer held by a slow reader (SharedDocuments keeps it for readers of the same version)…
        using var held = await admin.GetAsync($"/api/v1/plans/{planId}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await held.Content.ReadAsStreamAsync();
        (await body.ReadAsync(new byte[1024])).ShouldBeGreaterThan(0);
        // …is not what a reader gets after a change: the change made a new version, and that is built.
        var added = await admin.AddRisk(planId, Risks.Bevakning());
        using var after = await admin.GetAsync($"/api/v1/plans/{planId}");
        after.Headers.ETag!.Tag.ShouldNotBe(held.Headers.ETag!.Tag);
        var risks = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("risks").EnumerateArray();
        risks.Select(r => r.GetProperty("id").GetInt64()).ShouldContain(added);
    }

    [Fact]
    public async Task The_byte_budget_lets_answers_in_while_they_fit_and_a_larger_one_alone()
    {
        var budget = new DocumentGate.ByteBudget(32);
        (await budget.TakeAsync(budget.Weigh(20), TimeSpan.FromSeconds(30), CancellationToken.None)).ShouldBeTrue();
        var waiting = budget.TakeAsync(budget.Weigh(20), TimeSpan.FromSeconds(30), CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();
        budget.Give(20);
        (await waiting).ShouldBeTrue();
        budget.Used.ShouldBe(20);
        // Larger than the whole budget: it waits for the others, then goes alone.
        var large = budget.TakeAsync(budget.Weigh(1000), TimeSpan.FromSeconds(30), CancellationToken.None);
        large.IsCompleted.ShouldBeFalse();
        budget.Give(20);
        (await large).ShouldBeTrue();
        budget.Used.ShouldBe(32);
        // Past the wait: false, and the gate answers 503 (DocumentsBusyException).
        (await budget.TakeAsync(1, TimeSpan.FromMilliseconds(50), CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public void A_page_of_fifty_or_fewer_is_one_read_and_a_larger_one_is_read_a_few_rows_at_a_time()
    {
        StreamedPage.RowsPerReadFor(50).ShouldBe(50);
        StreamedPage.RowsPerReadFor(9).ShouldBe(9);
        StreamedPage.RowsPerReadFor(51).ShouldBe(StreamedPage.RowsPerRead);
        StreamedPage.RowsPerReadFor(500).ShouldBe(StreamedPage.RowsPerRead);
    }
}
