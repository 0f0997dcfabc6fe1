using Npgsql;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// The follow-up status of one unit finds the unit's plans through uq_plans_unit_year on PostgreSQL as on SQLite
/// (QueryPlanTests): the planner cannot tell how many units a unit's subtree holds, and given <c>IN (subtree)</c> it read
/// every unit (the national register) or every plan of the year (this one) and joined the subtree to them instead.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class StatusQueryPlanTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task The_status_of_one_unit_year_finds_its_plans_by_unit_and_year()
    {
        _ = api.Server;   // the migrations applied
        await using var connection = (NpgsqlConnection)api.Database.Open();
        await using var transaction = await connection.BeginTransactionAsync();
        // A region's worth of nämnder, förvaltningar and ten years of plans (rolled back), analysed, so the planner weighs
        // the tables as it does in production.
        await connection.ExecuteAsync("""
            INSERT INTO units (name, kind, created_at) SELECT 'Plannämnd ' || n, 'board', '2026-01-01' FROM generate_series(1, 3000) n;
            INSERT INTO units (name, kind, parent_id, created_at)
                SELECT 'Planförvaltning ' || u.id, 'administration', u.id, '2026-01-01' FROM units u WHERE u.name LIKE 'Plannämnd %';
            INSERT INTO plans (unit_id, year, scale, created_at, updated_at)
                SELECT u.id, y, '{}', '2026-01-01', '2026-01-01' FROM units u CROSS JOIN generate_series(2017, 2026) y
                WHERE u.name LIKE 'Planförvaltning %';
            ANALYZE units;
            ANALYZE plans;
            """, transaction: transaction);
        var unitId = await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM units", transaction: transaction);

        var plan = string.Join("\n", await connection.QueryAsync<string>(
            "EXPLAIN " + RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(byYear: true, byUnit: true, dialect: connection),
            new { year = 2026L, unitId, take = 101L }, transaction));

        plan.ShouldNotContain("Seq Scan on units", customMessage: plan);
        plan.ShouldNotContain("ix_plans_year", customMessage: plan);
        plan.ShouldContain("uq_plans_unit_year", customMessage: plan);
    }
}
