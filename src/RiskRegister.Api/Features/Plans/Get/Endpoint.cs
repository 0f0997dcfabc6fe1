namespace RiskRegister.Api.Features.Plans.Get;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption, TimeProvider time, Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Get("/plans/{id}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read a plan with its risks, activities and follow-ups";
            s.Description = "Reads a plan with its decision, scale, risks (highest riskvärde first), activities and follow-ups, and each follow-up round's status (`round1`, `round2`: done of total, due, when complete, the nämnd's handling, late, overdue). A draft or a plan under revision also lists `adoptionIssues`. The `ETag` guards changes to the plan.";
        });
        Description(d => d.Ok<PlanView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Caller.From(User).Disclosure, new FollowUps.RoundDays(followUps.Value, today), ct);
        if (plan is null || !Caller.From(User).CanSee(plan.UnitId))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        ETags.Set(HttpContext, plan.Version);
        await Send.OkAsync(plan, ct);
    }
}
