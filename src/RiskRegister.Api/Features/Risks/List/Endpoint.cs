using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks.List;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long PlanId { get; set; }
}

public sealed class Response
{
    /// <summary>The plan's risks, highest riskvärde first. A plan holds tens of risks, so the list is not paged.</summary>
    public List<RiskView> Items { get; init; } = [];
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{planId}/risks");
        Roles(RiskRegister.Api.Auth.Roles.Readers);
        Summary(s =>
        {
            s.Summary = "List a plan's risks";
            s.Description = "The risks of a plan, highest riskvärde first.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanHeader.LoadVisibleAsync(connection, null, req.PlanId, Caller.From(User), ct);
        if (plan is null) ThrowError(r => r.PlanId, $"No plan {req.PlanId}.", 404);
        var risks = await RiskReader.LoadForPlanAsync(connection, null, plan.Id, plan.Scale, ct);
        await Send.OkAsync(new Response { Items = risks }, ct);
    }
}
