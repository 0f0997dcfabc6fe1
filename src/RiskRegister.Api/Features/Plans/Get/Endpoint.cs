namespace RiskRegister.Api.Features.Plans.Get;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption, Features.Reports.DocumentGate gate, Features.Reports.SharedDocuments shared, TimeProvider time, Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, PlanView>
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
        // A plan at the limits with every text at its limit is 16 MiB as JSON and several times that as objects: read and
        // written in the documents' turns into a pooled buffer (DocumentGate), as the workbook above and the summary are,
        // so a storm of them holds a few plans' worth, not one per request (issue 22: 100 at once reached 1.9 GB); and
        // readers of the same version at the same moment share one build (SharedDocuments).
        var caller = Caller.From(User);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        PlanStamp? current;
        await using (var connection = await db.OpenAsync(ct))
            current = await connection.QuerySingleOrDefaultAsync<PlanStamp>(new CommandDefinition(
                "SELECT version AS Version, unit_id AS UnitId FROM plans WHERE id = @Id", new { req.Id }, cancellationToken: ct));
        if (current is null || !caller.CanSee(current.UnitId)) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        await using var answer = await shared.BuildAsync(new SharedKey(req.Id, current.Version, caller.Disclosure, today), async buffer =>
        {
            await using var connection = await db.OpenAsync(ct);
            var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, caller.Disclosure, new FollowUps.RoundDays(followUps.Value, today), ct);
            if (plan is null) return null;
            await System.Text.Json.JsonSerializer.SerializeAsync(buffer, plan, ApiJson.Options, ct);
            return new PlanStamp { Version = plan.Version, UnitId = plan.UnitId };
        }, ct);
        // (The unit is checked again on what was built: the plan may have moved since the version was read.)
        if (answer is null || !caller.CanSee(answer.Stamp.UnitId)) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        ETags.Set(HttpContext, answer.Stamp.Version);
        await Send.StreamAsync(answer.OpenBody(), fileLengthBytes: answer.Length, contentType: "application/json; charset=utf-8", cancellation: ct);
    }
}

/// <summary>A plan's version and unit: what an answer is keyed by and checked against.</summary>
internal sealed class PlanStamp
{
    public long Version { get; init; }
    public long UnitId { get; init; }
}

/// <summary>What a plan's JSON depends on beside its id: the version, how much of a marked risk the reader gets, the day its rounds are judged on.</summary>
internal sealed record SharedKey(long PlanId, long Version, Disclosure Disclosure, DateOnly Today);
