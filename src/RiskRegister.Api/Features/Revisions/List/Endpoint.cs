using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Revisions.List;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, RevisionList>
{
    public override void Configure()
    {
        Get("/plans/{id}/revisions");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "List a plan's revisions, each with the risks it added or changed";
            s.Description = "Every revision of the plan, first to latest (a plan has a handful), with its reason, state, decision and changes `[{riskId, change: added|changed}]`. The plan's first adoption stays in the plan's `decision`.";
        });
        Description(d => d.Ok<RevisionList>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanHeader.LoadVisibleAsync(connection, null, req.Id, Caller.From(User), ct);
        if (plan is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        var items = await RevisionLedger.LoadAsync(connection, null, plan.Id, ct);
        ETags.Set(HttpContext, plan.Version);
        await Send.OkAsync(new RevisionList { Items = items }, ct);
    }
}
