using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;

namespace RiskRegister.Api.Features.Public.Summary;

/// <summary>The public excerpt of an adopted or closed plan: its summary with every marked risk redacted.</summary>
[OperationId("GetPublicPlanSummary")]
public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption)
    : Endpoint<Reports.Summary.Request, Reports.Summary.Response>
{
    public override void Configure()
    {
        Get("/public/plans/{id}/summary");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the excerpt of an adopted or closed plan, marked risks redacted: JSON, or a printable Swedish document for Accept: text/html";
            s.Description = "The summary of an adopted or closed plan as anyone may read it: every risk marked secret in its redacted form (title `Sekretessmarkerad risk`, its ground, its values; no other text). The matrix and the counts include the marked risks. Drafts are `404`. Without a key; `404` unless `Public:Enabled`; rate-limited per address.";
        });
        Description(d => d.Ok<Reports.Summary.Response>("text/html").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Reports.Summary.Request req, CancellationToken ct)
    {
        var html = Negotiation.PicksDocument(HttpContext);
        await using var document = await SummaryDocument.BuildAsync(gate, db, adoption, HttpContext.RequestServices, req.Id, Disclosure.Redacted, html,
            plan => PublicSettings.Publishable(plan.Status), time.GetUtcNow(), ct);
        if (document is null) ThrowError(r => r.Id, $"No adopted plan {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: Negotiation.DocumentContentType(HttpContext.Response, html), cancellation: ct);
    }
}
