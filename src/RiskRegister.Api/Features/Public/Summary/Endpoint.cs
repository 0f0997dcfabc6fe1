using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;

namespace RiskRegister.Api.Features.Public.Summary;

/// <summary>
/// The public excerpt of an adopted or closed plan: its summary with every marked risk redacted. A plan under revision is
/// read as adopted (<see cref="Revisions.AdoptedState"/>): the open revision is a proposal the nämnd has not decided on.
/// </summary>
[OperationId("GetPublicPlanSummary")]
public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption, PdfPrinter printer,
    Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps)
    : Endpoint<Reports.Summary.Request, Reports.Summary.Response>
{
    public override void Configure()
    {
        Get("/public/plans/{id}/summary");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the excerpt of an adopted or closed plan, marked risks redacted: JSON, or a printable Swedish document for Accept: text/html or application/pdf";
            s.Description = "The summary of an adopted or closed plan as anyone may read it: every risk marked secret in its redacted form (title `Sekretessmarkerad risk`, its ground, its values; no other text). The matrix and the counts include the marked risks. A plan under revision is shown as adopted: without the risks the open revision proposes, each risk it changed with its adopted values and texts. Drafts are `404`. Without a key; `404` unless `Public:Enabled`; rate-limited per address. `Accept: application/pdf` prints the document with headless Chromium (`406` without one: `Documents:ChromiumPath`).";
        });
        Description(d => d.Ok<Reports.Summary.Response>("text/html", DocumentFormats.Pdf).Problems(404, 406), clearDefaults: true);
    }

    public override async Task HandleAsync(Reports.Summary.Request req, CancellationToken ct)
    {
        var format = DocumentFormats.Pick(HttpContext);
        if (format == Reports.DocumentFormat.Pdf && printer.Chromium is null)
        {
            await ApiProblem.WriteAsync(HttpContext, StatusCodes.Status406NotAcceptable, PdfPrinter.MissingReason);
            return;
        }
        await using var document = await SummaryDocument.BuildAsync(gate, db, adoption, HttpContext.RequestServices, req.Id, Disclosure.Redacted, format,
            plan => PublicSettings.Publishable(plan.Status), time.GetUtcNow(), SummaryDocument.Rounds(followUps.Value, time), ct, adoptedOnly: true);
        if (document is null) ThrowError(r => r.Id, $"No adopted plan {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: DocumentFormats.ContentType(HttpContext.Response, format), cancellation: ct);
    }
}
