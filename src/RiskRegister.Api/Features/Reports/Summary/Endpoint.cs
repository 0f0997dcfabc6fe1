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
        Roles(RiskRegister.Api.Auth.Roles.ReportReaders);
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
        var html = Negotiation.Pick(HttpContext.Request, Negotiation.Json, Negotiation.Html) == Negotiation.Html;
        HttpContext.Response.Headers.Vary = "Accept";
        // The plan is read, built and written in its turn (DocumentGate); what leaves the turn is the UTF-8 answer alone.
        await using var document = await gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            // One header query plus the risk reader's four statements in one round trip, however many risks.
            var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, ct);
            if (plan is null || !Caller.From(User).CanSee(plan.UnitId)) return false;
            var board = await ReportData.BoardNameAsync(connection, plan.UnitId, ct);
            var summary = SummaryBuilder.Build(plan, board, time.GetUtcNow());
            if (html)
                await DocumentRenderer.WriteAsync<PlanDocument>(HttpContext.RequestServices, new Dictionary<string, object?> { [nameof(PlanDocument.Summary)] = summary }, buffer);
            else
                await System.Text.Json.JsonSerializer.SerializeAsync(buffer, summary, ApiJson.Options, ct);
            return true;
        }, ct);
        if (document is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (html) Negotiation.SetDocumentHeaders(HttpContext.Response);
        await Send.StreamAsync(document.Body, contentType: html ? "text/html; charset=utf-8" : "application/json; charset=utf-8", cancellation: ct);
    }
}
