using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks.List;

public sealed class Request : PageQuery
{
    /// <summary>The plan's id.</summary>
    public long PlanId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Response
{
    /// <summary>This page of the plan's risks, highest riskvärde first.</summary>
    public List<RiskView> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{planId}/risks");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "List a plan's risks";
            s.Description = "The risks of a plan, highest riskvärde first, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanHeader.LoadVisibleAsync(connection, null, req.PlanId, Caller.From(User), ct);
        if (plan is null) ThrowError(r => r.PlanId, $"No plan {req.PlanId}.", 404);
        var risks = (await RiskReader.LoadForPlanAsync(connection, null, plan.Id, Caller.From(User).Disclosure, ct)).Select(r => RiskView.Of(r, plan.Scale)).ToList();
        // A plan holds at most Limits:MaxRisksPerPlan risks, read in one round trip; the page is cut from them.
        var (items, next) = Paging.Slice(risks, req);
        await Send.OkAsync(new Response { Items = items, NextCursor = next }, ct);
    }
}
