using Dapper;

namespace RiskRegister.Tests.Performance;

/// <summary>
/// The main read paths must find their rows through an index, never by reading a whole table: at national scale
/// (a million risks, four million history rows; see bench/README.md) one full scan costs more than the request's budget.
/// The statements are those of the endpoints named beside them; keep them in step when an endpoint's SQL changes.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class QueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    public static TheoryData<string, string> MainQueries() => new()
    {
        { "auth: client by key hash", "SELECT c.id, c.name, c.role, cu.unit_id FROM clients c LEFT JOIN client_units cu ON cu.client_id = c.id WHERE c.key_hash = @hash AND c.revoked_at IS NULL" },
        { "RiskHeader (risk with its plan)", RiskRegister.Api.Features.Risks.RiskHeader.Sql },
        { "PlanHeader", "SELECT id, unit_id, year, status, scale, version FROM plans WHERE id = @planId" },
        { "RiskReader: one risk with its follow-ups and activities", RiskRegister.Api.Features.Risks.RiskReader.SingleRiskSql },
        { "RiskReader: risks of a plan", "SELECT r.id FROM risks r WHERE r.plan_id = @id ORDER BY r.probability * r.consequence DESC, r.id" },
        { "RiskReader: activities of a plan", "SELECT a.id FROM activities a JOIN risks r ON r.id = a.risk_id WHERE r.plan_id = @id ORDER BY a.due, a.id" },
        { "RiskReader: follow-ups 1 of a plan", "SELECT f.risk_id FROM follow_ups_1 f JOIN risks r ON r.id = f.risk_id WHERE r.plan_id = @id" },
        { "RiskReader: follow-ups 2 of a plan", "SELECT f.risk_id FROM follow_ups_2 f JOIN risks r ON r.id = f.risk_id WHERE r.plan_id = @id" },
        { "plans of a unit and year", "SELECT id FROM plans WHERE unit_id = @unitId AND year = @year" },
        { "plans of a year", "SELECT id FROM plans WHERE year = @year ORDER BY id" },
        { "history page of a plan", "SELECT id, at, client_name, entity, entity_id, action, plan_id, risk_id, before_json, after_json FROM history WHERE plan_id = @id AND (@cursor IS NULL OR id < @cursor) ORDER BY id DESC LIMIT 51" },
        { "follow-up status of one unit-year", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(byYear: true, byUnit: true) },
        { "follow-up status of a year", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(byYear: true, byUnit: false) },
        { "follow-up status of one unit", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(byYear: false, byUnit: true) },
        { "follow-up status CSV: a year's plans in order", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.OrderSql(byYear: true, byUnit: false) },
        { "follow-up status CSV: the years that have plans", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.YearsSql },
        { "follow-up status CSV: a batch of plans", RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(false, false, byPlans: true).Replace("@planIds", "(@p1, @p2)", StringComparison.Ordinal) },
        { "auth: a registrator's units with their subtrees", RiskRegister.Api.Auth.ApiKeyAuthentication.CoveredUnitsSql },
        { "internal control: the plans of a nämnd's subtree", $"SELECT p.id FROM plans p WHERE p.unit_id IN {RiskRegister.Api.Features.Units.UnitView.SubtreeOf("@id")} AND p.year IN (@year, @previous)" },
        { "history page of a risk", "SELECT id, at, client_name, entity, entity_id, action, plan_id, risk_id, before_json, after_json FROM history WHERE risk_id = @id AND (@cursor IS NULL OR id < @cursor) ORDER BY id DESC LIMIT 51" },
    };

    [Theory]
    [MemberData(nameof(MainQueries))]
    public async Task A_main_query_reads_no_main_table_in_full(string name, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabasePath}");
        await connection.OpenAsync();
        // SQLite plans before it sees the values, so any value will do.
        var parameters = new DynamicParameters();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+"))
            parameters.Add(m.Value, 1);
        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters))
            .Select(r => r.Detail).ToList();

        // client_units (alias cu) is a handful of rows per client and a CONSTANT ROW is no table; a recursive query's own
        // queue (a unit's subtree, SCAN unit_subtree / covered; the years found so far, SCAN y) holds what it found so far;
        // everything else is searched.
        var scans = plan.Where(d => d.StartsWith("SCAN ", StringComparison.Ordinal)
            && !d.StartsWith("SCAN cu", StringComparison.Ordinal) && d != "SCAN CONSTANT ROW"
            && d is not ("SCAN unit_subtree" or "SCAN s" or "SCAN covered" or "SCAN y")).ToList();
        scans.ShouldBeEmpty($"{name}: {string.Join(" | ", plan)}");
    }
}
