namespace RiskRegister.Api.Features.Plans.Get;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption, Features.Reports.DocumentGate gate, TimeProvider time, Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Get("/plans/{id}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read a plan with its risks, activities and follow-ups";
            s.Description = "Reads a plan with its decision, scale, risks (highest riskvärde first), activities and follow-ups, and each follow-up round's status (`round1`, `round2`: done of total, due, when complete, the nämnd's handling, late, overdue). A draft or a plan under revision also lists `adoptionIssues`. The `ETag` guards changes to the plan. With `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` the plan as a workbook (sheets Plan, Risker, Aktiviteter, Kontrollmoment, Uppföljning 1 and 2, Kontrollresultat 1 and 2, hidden Listor), which `POST /plans/{id}/import` reads back.";
        });
        Description(d => d.Ok<PlanView>(Spreadsheets.WorkbookWriter.MediaType).WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (Spreadsheets.Workbooks.Asked(HttpContext))
        {
            await using var workbook = await Spreadsheets.Workbooks.PlanAsync(gate, db, adoption, req.Id, Caller.From(User), version => ETags.Set(HttpContext, version), ct);
            if (workbook is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
            await Send.StreamAsync(workbook.Body, contentType: Spreadsheets.Workbooks.Headers(HttpContext.Response, $"plan-{req.Id}.xlsx"), cancellation: ct);
            return;
        }
        await using var connection = await db.OpenAsync(ct);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Caller.From(User).Disclosure, new FollowUps.RoundDays(followUps.Value, today), ct);
        if (plan is null || !Caller.From(User).CanSee(plan.UnitId))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        ETags.Set(HttpContext, plan.Version);
        await Send.OkAsync(plan, ct);
    }
}
