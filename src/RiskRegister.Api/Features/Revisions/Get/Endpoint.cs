using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Revisions.Get;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The revision's number in the plan.</summary>
    public long Number { get; set; }
}

/// <summary>The address <c>POST /plans/{id}/revisions</c> answers in <c>Location</c>.</summary>
public sealed class Endpoint(Db db) : Endpoint<Request, RevisionView>
{
    public override void Configure()
    {
        Get("/plans/{id}/revisions/{number}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read one revision of a plan";
            s.Description = "Reads a revision: its reason, state, the nämnd's decision once adopted, and the risks it added or changed. The `ETag` is the plan's.";
        });
        Description(d => d.Ok<RevisionView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanHeader.LoadVisibleAsync(connection, null, req.Id, Caller.From(User), ct);
        if (plan is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        var revision = (await RevisionLedger.LoadAsync(connection, null, plan.Id, ct)).SingleOrDefault(r => r.Number == req.Number);
        if (revision is null) ThrowError(r => r.Number, $"Plan {plan.Id} has no revision {req.Number}.", 404);
        ETags.Set(HttpContext, plan.Version);
        await Send.OkAsync(revision, ct);
    }
}
