using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks;

/// <summary>A risk's id and version with the header of its plan: what every operation on a risk checks first.</summary>
public sealed record RiskHeader(long Id, long Version, PlanHeader Plan)
{
    /// <summary>The risk, or null when it does not exist or the caller may not see its plan (both answer 404).</summary>
    public static async Task<RiskHeader?> LoadVisibleAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, Caller caller, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long Version, long PlanId)>(new CommandDefinition(
            "SELECT id, version, plan_id FROM risks WHERE id = @riskId", new { riskId }, transaction, cancellationToken: ct));
        if (row == default) return null;
        var plan = await PlanHeader.LoadVisibleAsync(connection, transaction, row.PlanId, caller, ct);
        return plan is null ? null : new RiskHeader(row.Id, row.Version, plan);
    }

    /// <summary>A change to anything a risk holds moves its version (ETag) and its plan's.</summary>
    public static async Task TouchAsync(IDbConnection connection, IDbTransaction transaction, RiskHeader risk, string now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE risks SET version = version + 1, updated_at = @now WHERE id = @id",
            new { id = risk.Id, now }, transaction, cancellationToken: ct));
        await PlanHeader.TouchAsync(connection, transaction, risk.Plan.Id, now, ct);
    }
}
