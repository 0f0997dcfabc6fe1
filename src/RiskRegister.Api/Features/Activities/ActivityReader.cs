using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities;

public static class ActivityReader
{
    public static Task<ActivityView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, long activityId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ActivityView>(new CommandDefinition("""
            SELECT id AS Id, risk_id AS RiskId, description AS Description, measure AS Measure, due AS Due,
                   responsible AS Responsible, status AS Status, carried_over <> 0 AS CarriedOver
            FROM activities WHERE id = @activityId AND risk_id = @riskId
            """, new { riskId, activityId }, transaction, cancellationToken: ct));
}
