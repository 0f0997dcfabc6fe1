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
    private const string UnitsUp = """
        WITH RECURSIVE up(id, parent_id, kind, name, depth) AS (
            SELECT id, parent_id, kind, name, 0 FROM units WHERE id = @unitId
            UNION ALL SELECT u.id, u.parent_id, u.kind, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 10)
        """;

    /// <summary>
    /// One statement for what every summary needs (the units up from the plan's, for the nämnd's name, and how many
    /// revisions the plan has); the revisions only for a plan that has one, and the goals only for a plan that links
    /// one: most plans have neither, and each statement is a round trip on PostgreSQL and a statement compiled on SQLite.
    /// The goals ride in the same command as the units (they are the goals of those units).
    /// </summary>
    public static async Task<Extras> LoadAsync(IDbConnection connection, PlanView plan, CancellationToken ct)
    {
        var linksGoals = plan.Risks.Any(r => r.GoalIds.Count > 0) || plan.Controls.Any(c => c.GoalIds.Count > 0);
        var units = new List<Unit>();
        List<GoalReader.Row> goalRows = [];
        await using (var command = Rows.Command(connection, null, Sql(linksGoals), "unitId", plan.UnitId).With("planId", plan.Id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            // By ordinal, as the statement puts them.
            while (await reader.ReadAsync(ct))
                units.Add(new Unit(reader.GetInt64(0), reader.Int64OrNull(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            if (linksGoals && await reader.NextResultAsync(ct)) goalRows = reader.Parse<GoalReader.Row>().ToList();
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

    /// <summary>The statement: the units up, with the plan's count of revisions; with <paramref name="linksGoals"/> also their goals.</summary>
    public static string Sql(bool linksGoals) => linksGoals ? WithGoalsSql : UnitsSql;

    private const string UnitsSql = UnitsUp + """
        SELECT id AS Id, parent_id AS ParentId, kind AS Kind, name AS Name, depth AS Depth,
               (SELECT COUNT(*) FROM plan_revisions WHERE plan_id = @planId) AS Revisions
        FROM up
        """;

    private const string WithGoalsSql = UnitsSql + ";\n" + UnitsUp + $"SELECT {GoalReader.Columns} FROM goals g WHERE g.unit_id IN (SELECT id FROM up)";

    private sealed record Unit(long Id, long? ParentId, string Kind, string Name, long Depth, long Revisions);
}
