using RiskRegister.Api.Features.Goals;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Revisions;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>What a summary reads beside the plan itself: the nämnd above its unit, its revisions, the goals its unit sees.</summary>
public static class SummaryReads
{
    /// <summary>The nämnd's name for the heading (null: none above), the revisions, and the goals in reading order.</summary>
    public sealed record Extras(string? BoardName, List<RevisionView> Revisions, List<UnitGoal> Goals);

    // The plan's unit and every unit above it, nearest first (UnitTree.MaxDepth levels at most; the bound stops a cycle).
    private static string UnitsUp(string unit) => $"""
        WITH RECURSIVE up(id, parent_id, kind, name, depth) AS (
            SELECT id, parent_id, kind, name, 0 FROM units WHERE id = {unit}
            UNION ALL SELECT u.id, u.parent_id, u.kind, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 10)
        """;

    /// <summary>
    /// The plan with, in the same batch, what every summary needs (the units up from the plan's, for the nämnd's name, and
    /// how many revisions the plan has): one round trip on PostgreSQL, where these were a second.
    /// </summary>
    public static PlanView.Alongside WithPlan(List<UnitRow> units, List<FollowUps.RoundRecords.Row>? rounds = null) => new(PlanAndUnitsSql, async (reader, ct) =>
    {
        // By ordinal, as the statements put them.
        while (await reader.ReadAsync(ct))
            units.Add(new UnitRow(reader.GetInt64(0), reader.Int64OrNull(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
        await reader.NextResultAsync(ct);
        rounds?.AddRange(await FollowUps.RoundRecords.Row.ReadAllAsync(reader, ct));
    });

    /// <summary>
    /// The rest of what a summary reads, after <see cref="WithPlan"/> read the units: the revisions only for a plan that
    /// has one, and the goals only for a plan that links one: most plans have neither, and each statement is a round trip
    /// on PostgreSQL and a statement compiled on SQLite.
    /// </summary>
    public static async Task<Extras> LoadAsync(IDbConnection connection, PlanView plan, List<UnitRow> units, CancellationToken ct)
    {
        var linksGoals = plan.Risks.Any(r => r.GoalIds.Count > 0) || plan.Controls.Any(c => c.GoalIds.Count > 0);
        List<GoalReader.Row> goalRows = [];
        if (linksGoals)
        {
            await using var command = Rows.Command(connection, null, GoalsSql, "unitId", plan.UnitId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            goalRows = reader.Parse<GoalReader.Row>().ToList();
        }
        var board = units.Where(u => u.Depth > 0 && u.Kind == "board").MinBy(u => u.Depth)?.Name;
        var revisions = units.FirstOrDefault()?.Revisions > 0 ? await RevisionLedger.LoadAsync(connection, null, plan.Id, ct) : [];
        // The units up from the plan's are all of the tree that the goals' reading order looks at.
        var goals = linksGoals
            ? GoalRules.InReadingOrder(new UnitTree(units.DistinctBy(u => u.Id).Select(u => new UnitNode(u.Id, EnumText.FromApi<UnitKind>(u.Kind), u.ParentId))),
                plan.UnitId, goalRows.Select(g => g.ToGoal()))
            : [];
        return new Extras(board, revisions, goals);
    }

    /// <summary>
    /// The plan's statements (<see cref="PlanView.LoadSql"/>), then the units up from its unit with its count of revisions,
    /// then what is kept of its follow-up rounds (parameter <c>@id</c>).
    /// </summary>
    public static readonly string PlanAndUnitsSql = PlanView.LoadSql + "\n" + UnitsUp("(SELECT unit_id FROM plans WHERE id = @id)") + """
        SELECT id AS Id, parent_id AS ParentId, kind AS Kind, name AS Name, depth AS Depth,
               (SELECT COUNT(*) FROM plan_revisions WHERE plan_id = @id) AS Revisions
        FROM up;
        """ + "\n" + FollowUps.RoundRecords.OfPlanSql;

    /// <summary>The goals of the units up from <c>@unitId</c> (they are all of the tree the goals' reading order looks at).</summary>
    public static readonly string GoalsSql = UnitsUp("@unitId") + $"SELECT {GoalReader.Columns} FROM goals g WHERE g.unit_id IN (SELECT id FROM up)";

    /// <summary>A unit up from the plan's, nearest first (depth 0: the plan's own), with the plan's count of revisions.</summary>
    public sealed record UnitRow(long Id, long? ParentId, string Kind, string Name, long Depth, long Revisions);
}
