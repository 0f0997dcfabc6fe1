namespace RiskRegister.Api.Features.History.PlanHistory;

public sealed class Request : HistoryQuery
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Endpoint(Db db) : Endpoint<Request, HistoryPage>
{
    public override void Configure()
    {
        Get("/plans/{id}/history");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Every change to a plan and everything in it (risks, activities, follow-ups), newest first";
            s.Description = "Every recorded write to the plan and everything in it: who (client name), when, what, and the values before and after. Newest first, a page at a time (`limit`, `cursor` → `nextCursor`).";
        });
        Description(d => d.Ok<HistoryPage>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Plans are never deleted, so the plan itself decides who may read its history: its header is read with the page's
        // first read, and nothing is written when it may not be seen.
        if (!await HistoryPage.StreamOfPlanAsync(HttpContext.Response, db, req.Id, Caller.From(User), req, ct))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
    }
}
