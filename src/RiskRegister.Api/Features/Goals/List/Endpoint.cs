using RiskRegister.Api.Features.Units;

namespace RiskRegister.Api.Features.Goals.List;

public sealed class Request
{
    /// <summary>The unit's id.</summary>
    public long Id { get; set; }
}

public sealed class Response
{
    /// <summary>
    /// The unit's goals with those of the units above it, from the top unit down, each goal before its subgoals. At most
    /// Limits:MaxGoalsPerUnit per unit, so the list comes whole.
    /// </summary>
    public List<GoalView> Items { get; init; } = [];
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units/{id}/goals");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "List the goals a unit sees: its own and those of the units above it";
            s.Description = "The goals a unit's risks and controls may link to: the unit's own and those of every unit above it (the region's overall goals, the nämnd's goals), from the top unit down, each goal before its subgoals. Goal names are not secret: every reader sees them.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var tree = await UnitView.LoadTreeAsync(connection, null, ct);
        if (tree.Find(req.Id) is null) ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        var goals = await GoalReader.SeenFromAsync(connection, null, tree, req.Id, ct);
        await Send.OkAsync(new Response { Items = goals.Select(GoalView.Of).ToList() }, ct);
    }
}
