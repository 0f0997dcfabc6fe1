using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Api.Features.Spreadsheets.Template;

[OperationId("GetPlanImportTemplate")]
public sealed class Endpoint(DocumentGate gate, Scale scale) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/plans/import-template");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "The empty plan workbook, to fill in and import into a plan";
            s.Description = "The workbook a plan exports (`GET /plans/{id}` with `Accept: " + WorkbookWriter.MediaType + "`), without rows: sheets Plan, Risker, Aktiviteter, Kontrollmoment, Uppföljning 1 and 2 with Kontrollresultat 1 and 2, and the hidden Listor feeding the dropdowns (methods, statuses, the configured scale's steps, control methods and frequencies). Fill it in and send it to `POST /plans/{id}/import`; an activity or a control of a risk added in the same workbook names it by its title in the `Risk` column, leaving `Risk-id` empty.";
        });
        Description(d => d.OkAs(WorkbookWriter.MediaType), clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var document = (await Workbooks.OfAsync(gate, PlanSheets.Of(null, scale), ct))!;
        await Send.StreamAsync(document.Body, contentType: Workbooks.Headers(HttpContext.Response, "plan-import-template.xlsx"), cancellation: ct);
    }
}
