using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Api.Features.Spreadsheets;

/// <summary>Workbooks as answers: built in the documents' turn (<see cref="DocumentGate"/>), sent as an attachment.</summary>
public static class Workbooks
{
    /// <summary>Whether the client asked for a workbook; answers that negotiate vary by <c>Accept</c>.</summary>
    public static bool Asked(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        return Negotiation.Pick(context.Request, Negotiation.Json, WorkbookWriter.MediaType) == WorkbookWriter.MediaType;
    }

    /// <summary>
    /// A plan's workbook as <paramref name="caller"/> may read it (a redacting reader gets marked risks redacted); null
    /// when there is none to see. <paramref name="read"/> is told the plan's version, for the ETag an import's If-Match sends back.
    /// </summary>
    public static Task<DocumentGate.Document?> PlanAsync(DocumentGate gate, Db db, AdoptionPolicy adoption, long planId, Caller caller, Action<long> read, CancellationToken ct) =>
        gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            var plan = await PlanView.LoadAsync(connection, null, planId, adoption, caller.Disclosure, ct);
            if (plan is null || !caller.CanSee(plan.UnitId)) return false;
            read(plan.Version);
            WorkbookWriter.Write(buffer, PlanSheets.Of(plan, plan.Scale));
            return true;
        }, ct);

    /// <summary>Any other workbook, from sheets already read.</summary>
    public static Task<DocumentGate.Document?> OfAsync(DocumentGate gate, IReadOnlyList<SheetContent> sheets, CancellationToken ct) =>
        gate.BuildAsync(buffer =>
        {
            WorkbookWriter.Write(buffer, sheets);
            return Task.FromResult(true);
        }, ct);

    /// <summary>The headers of a workbook answer: an attachment named <paramref name="fileName"/>, never sniffed.</summary>
    public static string Headers(HttpResponse response, string fileName)
    {
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.XContentTypeOptions = "nosniff";
        return WorkbookWriter.MediaType;
    }
}
