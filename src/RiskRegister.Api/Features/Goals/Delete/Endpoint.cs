using FluentValidation.Results;

namespace RiskRegister.Api.Features.Goals.Delete;

public sealed class Request
{
    /// <summary>The goal's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/goals/{id}");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a goal no risk, control or subgoal uses";
            s.Description = "Removes a goal. A goal in use (linked from a risk or control of any plan, or above a subgoal) is not removed: `409` names what uses it. `If-Match` takes the goal's ETag.";
        });
        Description(d => d.NoContent().IfMatch().Problems(403, 404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var goal = await GoalReader.LoadAsync(connection, transaction, req.Id, ct);
        if (goal is null) ThrowError(r => r.Id, $"No goal {req.Id}.", 404);
        if (GoalAccess.Refusal(caller, goal.UnitId) is { } refusal) ThrowError(r => r.Id, refusal, 403);
        if (!ETags.IfMatchAllows(HttpContext, goal.Version))
            ThrowError(r => r.Id, "The goal has changed since you read it.", 412);
        if (await UsesAsync(connection, transaction, goal.Id, ct) is { } uses)
            ThrowError(new ValidationFailure("id", GoalRules.InUseProblem(goal.Id, uses)), 409);

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM goals WHERE id = @id", new { id = goal.Id }, transaction, cancellationToken: ct));
        write.Touched(goal.Version);
        await write.CommitAsync(caller.By("goal", goal.Id, "deleted") with { Before = GoalView.Of(goal) }, ct);
        await Send.NoContentAsync(ct);
    }

    /// <summary>What uses the goal, named ("risks 4, 9 (plan 2); controls 3; subgoals 12"), or null when nothing does.</summary>
    internal static async Task<string?> UsesAsync(IDbConnection connection, IDbTransaction transaction, long goalId, CancellationToken ct)
    {
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition("""
            SELECT r.id AS Id, r.plan_id AS PlanId FROM risk_goals rg JOIN risks r ON r.id = rg.risk_id WHERE rg.goal_id = @goalId ORDER BY r.id;
            SELECT c.id AS Id, c.plan_id AS PlanId FROM control_goals cg JOIN controls c ON c.id = cg.control_id WHERE cg.goal_id = @goalId ORDER BY c.id;
            SELECT id FROM goals WHERE parent_id = @goalId ORDER BY id;
            """, new { goalId }, transaction, cancellationToken: ct));
        var risks = (await grid.ReadAsync<GoalUse>()).ToList();
        var controls = (await grid.ReadAsync<GoalUse>()).ToList();
        var subgoals = (await grid.ReadAsync<long>()).ToList();
        return GoalRules.Uses(risks, controls, subgoals);
    }
}
