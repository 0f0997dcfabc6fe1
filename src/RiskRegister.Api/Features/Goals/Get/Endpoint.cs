namespace RiskRegister.Api.Features.Goals.Get;

public sealed class Request
{
    /// <summary>The goal's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, GoalView>
{
    public override void Configure()
    {
        Get("/goals/{id}");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "Read a goal";
            s.Description = "Reads one goal. The `ETag` guards changes to it (`PATCH`, `DELETE`).";
        });
        Description(d => d.Ok<GoalView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var goal = await GoalReader.LoadAsync(connection, null, req.Id, ct);
        if (goal is null) ThrowError(r => r.Id, $"No goal {req.Id}.", 404);
        ETags.Set(HttpContext, goal.Version);
        await Send.OkAsync(GoalView.Of(goal), ct);
    }
}
