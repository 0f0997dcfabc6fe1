using RiskRegister.Api.Features.Units;

namespace RiskRegister.Api.Features.Goals.LinkedRisks;

public sealed class Request
{
    /// <summary>The goal's id.</summary>
    public long Id { get; set; }
    /// <summary>Only the plans of this year; every year when left out.</summary>
    [QueryParam] public int? Year { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).When(x => x.Year is not null);
    }
}

public sealed class Response
{
    /// <summary>The goal asked for.</summary>
    public required GoalView UnitGoal { get; init; }
    /// <summary>The year asked for, if any.</summary>
    public int? Year { get; init; }
    /// <summary>The risks linked to the goal or a goal below it, in every plan of its unit and the units below; highest riskvärde first.</summary>
    public List<GoalRisk> Risks { get; init; } = [];
    /// <summary>The kontrollmoment linked to the goal or a goal below it, in the same plans.</summary>
    public List<GoalControl> Controls { get; init; } = [];
}

/// <summary>A risk linked to a goal, with where it is.</summary>
public sealed class GoalRisk
{
    /// <summary>The risk's id.</summary>
    public long RiskId { get; init; }
    /// <summary>The goal it links to: the one asked for or one below it.</summary>
    public long GoalId { get; init; }
    /// <summary>The risk's plan.</summary>
    public long PlanId { get; init; }
    /// <summary>The plan's unit.</summary>
    public long UnitId { get; init; }
    /// <summary>The unit's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The plan's year.</summary>
    public int Year { get; init; }
    /// <summary>The risk's title.</summary>
    public string Title { get; init; } = "";
    /// <summary>Riskvärde as assessed in the plan.</summary>
    public int Score { get; init; }
    /// <summary>Hanteringsmetod.</summary>
    public HandlingMethod HandlingMethod { get; init; }
}

/// <summary>A kontrollmoment linked to a goal, with where it is.</summary>
public sealed class GoalControl
{
    /// <summary>The control's id.</summary>
    public long ControlId { get; init; }
    /// <summary>The goal it links to: the one asked for or one below it.</summary>
    public long GoalId { get; init; }
    /// <summary>The control's plan.</summary>
    public long PlanId { get; init; }
    /// <summary>The risk the control checks, if any.</summary>
    public long? RiskId { get; init; }
    /// <summary>The plan's unit.</summary>
    public long UnitId { get; init; }
    /// <summary>The unit's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The plan's year.</summary>
    public int Year { get; init; }
    /// <summary>Kontrollmoment.</summary>
    public string Title { get; init; } = "";
    /// <summary>Kontrollmetod.</summary>
    public ControlMethod Method { get; init; }
}

[OperationId("ListGoalRisks")]
public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/goals/{id}/risks");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "List the risks and kontrollmoment linked to a goal, across its subgoals and the units below";
            s.Description = "The risks and controls that link to the goal or to a goal below it, in the plans of the goal's unit and every unit below it, optionally of one `year`. A registrator gets those of its own units. A system client does not get the links of a risk marked secret (they are the risk's, and withheld with its texts).";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var connection = await db.OpenAsync(ct);
        var goal = await GoalReader.LoadAsync(connection, null, req.Id, ct);
        if (goal is null) ThrowError(r => r.Id, $"No goal {req.Id}.", 404);
        const string goals = "(WITH RECURSIVE goal_subtree(id) AS (SELECT @goalId UNION SELECT g.id FROM goals g JOIN goal_subtree s ON g.parent_id = s.id) SELECT id FROM goal_subtree)";
        var inUnits = UnitView.InSubtree("p.unit_id", "@unitId", connection is Npgsql.NpgsqlConnection);
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition($"""
            SELECT r.id AS RiskId, rg.goal_id AS GoalId, p.id AS PlanId, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year,
                   r.title AS Title, r.probability * r.consequence AS Score, r.handling_method AS HandlingMethod,
                   CASE WHEN r.secrecy_ground IS NULL THEN 0 ELSE 1 END AS Marked
            FROM risk_goals rg JOIN risks r ON r.id = rg.risk_id JOIN plans p ON p.id = r.plan_id JOIN units u ON u.id = p.unit_id
            WHERE rg.goal_id IN {goals} AND {inUnits} AND (@year IS NULL OR p.year = @year)
            ORDER BY p.year DESC, r.probability * r.consequence DESC, r.id, rg.goal_id;
            SELECT c.id AS ControlId, cg.goal_id AS GoalId, p.id AS PlanId, c.risk_id AS RiskId, p.unit_id AS UnitId, u.name AS UnitName,
                   p.year AS Year, c.title AS Title, c.method AS Method,
                   CASE WHEN r.secrecy_ground IS NULL AND c.secrecy_ground IS NULL THEN 0 ELSE 1 END AS Marked
            FROM control_goals cg JOIN controls c ON c.id = cg.control_id JOIN plans p ON p.id = c.plan_id JOIN units u ON u.id = p.unit_id
            LEFT JOIN risks r ON r.id = c.risk_id
            WHERE cg.goal_id IN {goals} AND {inUnits} AND (@year IS NULL OR p.year = @year)
            ORDER BY p.year DESC, c.id, cg.goal_id;
            """, new { goalId = goal.Id, unitId = goal.UnitId, year = req.Year }, cancellationToken: ct));
        var risks = (await grid.ReadAsync<RiskRow>()).ToList();
        var controls = (await grid.ReadAsync<ControlRow>()).ToList();
        // A marked risk's goal links are its own (as its free-text goal): a redacting reader gets neither it nor its controls
        // here, nor a control marked itself.
        var redacting = caller.Disclosure == Disclosure.Redacted;
        await Send.OkAsync(new Response
        {
            UnitGoal = GoalView.Of(goal), Year = req.Year,
            Risks = risks.Where(r => caller.CanSee(r.UnitId) && !(redacting && r.Marked != 0)).DistinctBy(r => r.RiskId).Select(r => new GoalRisk
            {
                RiskId = r.RiskId, GoalId = r.GoalId, PlanId = r.PlanId, UnitId = r.UnitId, UnitName = r.UnitName, Year = (int)r.Year,
                Title = r.Title, Score = (int)r.Score, HandlingMethod = r.HandlingMethod,
            }).ToList(),
            Controls = controls.Where(c => caller.CanSee(c.UnitId) && !(redacting && c.Marked != 0)).DistinctBy(c => c.ControlId).Select(c => new GoalControl
            {
                ControlId = c.ControlId, GoalId = c.GoalId, PlanId = c.PlanId, RiskId = c.RiskId, UnitId = c.UnitId, UnitName = c.UnitName,
                Year = (int)c.Year, Title = c.Title, Method = c.Method,
            }).ToList(),
        }, ct);
    }

    private sealed class RiskRow
    {
        public long RiskId { get; init; }
        public long GoalId { get; init; }
        public long PlanId { get; init; }
        public long UnitId { get; init; }
        public string UnitName { get; init; } = "";
        public long Year { get; init; }
        public string Title { get; init; } = "";
        public long Score { get; init; }
        public HandlingMethod HandlingMethod { get; init; }
        public long Marked { get; init; }
    }

    private sealed class ControlRow
    {
        public long ControlId { get; init; }
        public long GoalId { get; init; }
        public long PlanId { get; init; }
        public long? RiskId { get; init; }
        public long UnitId { get; init; }
        public string UnitName { get; init; } = "";
        public long Year { get; init; }
        public string Title { get; init; } = "";
        public ControlMethod Method { get; init; }
        public long Marked { get; init; }
    }
}
