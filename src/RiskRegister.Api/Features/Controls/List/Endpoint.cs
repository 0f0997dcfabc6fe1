using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Controls.List;

public sealed class Request : PageQuery
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Response
{
    /// <summary>This page of the plan's controls, in the order they were added.</summary>
    public List<ControlView> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public long? NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{id}/controls");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "List a plan's kontrollmoment";
            s.Description = "The controls of a plan with their results, in the order they were added, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanHeader.LoadVisibleAsync(connection, null, req.Id, Caller.From(User), ct);
        if (plan is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        // A plan holds at most Limits:MaxControlsPerPlan controls, read in one round trip; the page is cut from them.
        var controls = (await ControlReader.LoadForPlanAsync(connection, null, plan.Id, ct)).Select(ControlView.Of).ToList();
        var (items, next) = Paging.Slice(controls, req);
        await Send.OkAsync(new Response { Items = items, NextCursor = next }, ct);
    }
}
