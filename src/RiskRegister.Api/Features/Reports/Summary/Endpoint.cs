using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Summary;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption, PdfPrinter printer,
    Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{id}/summary");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The riskanalys och riskhanteringsplan of one plan: JSON, or a printable Swedish document for Accept: text/html or application/pdf";
            s.Description = "The riskanalys och riskhanteringsplan as region systems pull it: the plan, its risks by riskvärde with activities and follow-ups, counts by level and method, the matrix, the lower risks, follow-up progress and changed values. With `Accept: text/html` the same as a printable Swedish document (a draft as *Förslag till …*); with `Accept: application/pdf` that document printed by headless Chromium for the diarium (`406` when the service has none: `Documents:ChromiumPath`).";
            s.ResponseExamples[200] = new Response();
        });
        Description(d => d.Ok<Response>("text/html", DocumentFormats.Pdf).Problems(404, 406), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var format = DocumentFormats.Pick(HttpContext);
        if (format == DocumentFormat.Pdf && printer.Chromium is null)
        {
            await ApiProblem.WriteAsync(HttpContext, StatusCodes.Status406NotAcceptable, PdfPrinter.MissingReason);
            return;
        }
        await using var document = await SummaryDocument.BuildAsync(gate, db, adoption, HttpContext.RequestServices, req.Id, caller.Disclosure, format,
            plan => caller.CanSee(plan.UnitId), time.GetUtcNow(), SummaryDocument.Rounds(followUps.Value, time), ct);
        if (document is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        await Send.StreamAsync(document.Body, contentType: DocumentFormats.ContentType(HttpContext.Response, format), cancellation: ct);
    }
}

/// <summary>The summary as the internal and the public operation both answer it.</summary>
public static class SummaryDocument
{
    /// <summary>The rounds' due dates, judged on the service's local date, as the follow-up status judges them.</summary>
    public static FollowUps.RoundDays Rounds(FollowUps.FollowUpSettings settings, TimeProvider time) =>
        new(settings, DateOnly.FromDateTime(time.GetLocalNow().DateTime));

    /// <summary>
    /// Reads, builds and writes the plan's summary in its turn (<see cref="DocumentGate"/>): what leaves the turn is the
    /// UTF-8 answer alone. Null when there is no such plan or <paramref name="visible"/> says the reader may not have it.
    /// </summary>
    public static Task<DocumentGate.Document?> BuildAsync(DocumentGate gate, Db db, AdoptionPolicy adoption, IServiceProvider services, long planId,
        Disclosure disclosure, DocumentFormat format, Func<PlanView, bool> visible, DateTimeOffset now, FollowUps.RoundDays rounds, CancellationToken ct,
        bool adoptedOnly = false) =>
        gate.BuildAsync(async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            // The plan, its risks and controls, and the units above it (for the nämnd's name) in one round trip, however many risks.
            var units = new List<SummaryReads.UnitRow>();
            var kept = new List<FollowUps.RoundRecords.Row>();
            var plan = await PlanView.LoadAsync(connection, null, planId, adoption, disclosure, null, ct, SummaryReads.WithPlan(units, kept));
            if (plan is null || !visible(plan)) return false;
            // The revisions and the goals, only for a plan that has them (SummaryReads says which).
            var extras = await SummaryReads.LoadAsync(connection, plan, units, ct);
            IReadOnlyList<Revisions.RevisionView> revisions = extras.Revisions;
            // The public reads a plan under revision as adopted, not the open revision's proposal.
            if (adoptedOnly) (plan, revisions) = await Revisions.AdoptedState.OfAsync(connection, plan, revisions, disclosure, ct);
            // Its rounds judged on the day (due dates, completion, the nämnd's handling), as the follow-up status judges
            // them; the public's of the plan as adopted, whose controls are the ones it shows.
            plan.JudgeRounds(kept, rounds);
            var summary = SummaryBuilder.Build(plan, extras.BoardName, now, disclosure, revisions, extras.Goals, rounds.AsOf);
            if (format != DocumentFormat.Json)
                await DocumentFormats.WriteAsync<PlanDocument>(format, services, new Dictionary<string, object?> { [nameof(PlanDocument.Summary)] = summary }, buffer, ct);
            else
            {
                // Written by hand (SummaryJson), synchronously: the buffer is memory, and pooled blocks take the bytes as written.
                using var json = buffer is System.Buffers.IBufferWriter<byte> blocks
                    ? new System.Text.Json.Utf8JsonWriter(blocks, SummaryJson.WriterOptions)
                    : new System.Text.Json.Utf8JsonWriter(buffer, SummaryJson.WriterOptions);
                SummaryJson.Write(json, summary);
            }
            return true;
        }, ct);
}
