using FluentValidation.Results;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Units;

namespace RiskRegister.Api.Features.Goals.Create;

public sealed class Request
{
    /// <summary>The unit whose goal it is.</summary>
    public long Id { get; set; }
    /// <summary>The goal, e.g. "Långsiktigt stark ekonomi".</summary>
    public string? Title { get; set; }
    /// <summary>More about the goal.</summary>
    public string? Description { get; set; }
    /// <summary>The goal's code where the region keeps its goals (Stratsys); unique among the unit's goals.</summary>
    public string? ExternalRef { get; set; }
    /// <summary>The goal above: one of the same unit or of a unit above it.</summary>
    public long? ParentId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(RiskRegister.Api.Features.Risks.TextLimits.Title).SingleLine();
            RuleFor(x => x.Description).MaximumLength(RiskRegister.Api.Features.Risks.TextLimits.Text);
            RuleFor(x => x.ExternalRef).MaximumLength(100).SingleLine().NotEmpty().When(x => x.ExternalRef is not null)
                .WithMessage("externalRef, when given, must not be blank (at most 100 characters).");
            RuleFor(x => x.ParentId).GreaterThan(0).When(x => x.ParentId is not null);
        }
    }
}

public sealed class Endpoint(Db db, IOptions<GoalSettings> settings) : Endpoint<Request, GoalView>
{
    public override void Configure()
    {
        Post("/units/{id}/goals");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Add a goal (or uppdrag) to a unit";
            s.Description = "Adds a goal of the unit: `parentId` places it under a goal of the same unit or of a unit above (the region's overall goal above a nämnd's); `externalRef` keeps its code where the region keeps its goals (Stratsys). Written by the unit's registrators and admins. `409` past `Limits:MaxGoalsPerUnit` or for an `externalRef` another goal of the unit has.";
        });
        Description(d => d.Takes<Request>().Created<GoalView>().WithETag().Problems(403, 404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var tree = await UnitView.LoadTreeAsync(connection, transaction, ct);
        if (tree.Find(req.Id) is null) ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        if (GoalAccess.Refusal(caller, req.Id) is { } refusal) ThrowError(r => r.Id, refusal, 403);
        // The unit's row orders two creations on two instances, so the limit and externalRef hold (as for plans).
        if (RowLocks.Needed(transaction))
            await connection.ExecuteAsync(new CommandDefinition("SELECT id FROM units WHERE id = @id FOR UPDATE", new { id = req.Id }, transaction, cancellationToken: ct));
        var held = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM goals WHERE unit_id = @id", new { id = req.Id }, transaction, cancellationToken: ct));
        if (GoalRules.LimitProblem(req.Id, (int)held, settings.Value.MaxGoalsPerUnit) is { } limit) ThrowError(new ValidationFailure("goals", limit), 409);
        if (req.ParentId is { } parentId)
        {
            var parent = await GoalReader.LoadAsync(connection, transaction, parentId, ct);
            if (parent is null) ThrowError(r => r.ParentId, $"No goal {parentId}.", 400);
            if (GoalRules.ParentProblem(tree, req.Id, null, parent, []) is { } placement) ThrowError(r => r.ParentId, placement, 400);
        }
        var externalRef = req.ExternalRef?.Trim();
        if (await ExternalRefTakenAsync(connection, transaction, req.Id, externalRef, null, ct) is { } taken) ThrowError(r => r.ExternalRef!, taken, 409);

        var now = Clock.Timestamp();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO goals (unit_id, parent_id, title, description, external_ref, created_at, updated_at)
            VALUES (@unitId, @parentId, @title, @description, @externalRef, @now, @now)
            RETURNING id
            """, new { unitId = req.Id, parentId = req.ParentId, title = req.Title!.Trim(), description = Text.OrNull(req.Description), externalRef, now },
            transaction, cancellationToken: ct));
        var goal = (await GoalReader.LoadAsync(connection, transaction, id, ct))!;
        write.Touched(goal.Version);
        var view = GoalView.Of(goal);
        await write.CommitAsync(caller.By("goal", id, "created") with { After = view }, ct);
        ETags.Set(HttpContext, goal.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, view, cancellation: ct);
    }

    /// <summary>Why <paramref name="externalRef"/> cannot be given (another goal of the unit has it), or null.</summary>
    internal static async Task<string?> ExternalRefTakenAsync(IDbConnection connection, IDbTransaction transaction, long unitId, string? externalRef, long? goalId, CancellationToken ct)
    {
        if (externalRef is null) return null;
        var holder = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM goals WHERE unit_id = @unitId AND external_ref = @externalRef", new { unitId, externalRef }, transaction, cancellationToken: ct));
        return GoalRules.ExternalRefProblem(unitId, externalRef, holder, goalId);
    }
}
