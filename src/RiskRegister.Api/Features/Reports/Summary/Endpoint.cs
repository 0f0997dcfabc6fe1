using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Summary;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{id}/summary");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The riskanalys och riskhanteringsplan of one plan: JSON, or a printable Swedish document for Accept: text/html";
            s.Description = "The riskanalys och riskhanteringsplan as region systems pull it: the plan, its risks by riskvärde with activities and follow-ups, counts by level and method, the matrix, the lower risks, follow-up progress and changed values. With `Accept: text/html` the same as a printable Swedish document.";
            s.ResponseExamples[200] = new Response();
        });
        Description(d => d.Ok<Response>("text/html").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var html = Negotiation.PicksDocument(HttpContext);
        await using var document = await SummaryDocument.BuildAsync(gate, db, adoption, HttpContext.RequestServices, req.Id, caller.Disclosure, html,
            plan => caller.CanSee(plan.UnitId), time.GetUtcNow(), ct);
        if (document is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: Negotiation.DocumentContentType(HttpContext.Response, html), cancellation: ct);
    }
}

/// <summary>The summary as the internal and the public operation both answer it.</summary>
public static class SummaryDocument
{
    /// <summary>
    /// Reads, builds and writes the plan's summary in its turn (<see cref="DocumentGate"/>): what leaves the turn is the
    /// UTF-8 answer alone. Null when there is no such plan or <paramref name="visible"/> says the reader may not have it.
    /// </summary>
    public static Task<DocumentGate.Document?> BuildAsync(DocumentGate gate, Db db, AdoptionPolicy adoption, IServiceProvider services, long planId,
        Disclosure disclosure, bool html, Func<PlanView, bool> visible, DateTimeOffset now, CancellationToken ct) =>
        gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            // One header query plus the risk reader's four statements in one round trip, however many risks.
            var plan = await PlanView.LoadAsync(connection, null, planId, adoption, disclosure, ct);
            if (plan is null || !visible(plan)) return false;
            var board = await ReportData.BoardNameAsync(connection, plan.UnitId, ct);
            var summary = SummaryBuilder.Build(plan, board, now, disclosure);
            if (html)
                await DocumentRenderer.WriteAsync<PlanDocument>(services, new Dictionary<string, object?> { [nameof(PlanDocument.Summary)] = summary }, buffer);
            else
                await System.Text.Json.JsonSerializer.SerializeAsync(buffer, summary, ApiJson.Options, ct);
            return true;
        }, ct);
}
