using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks;

/// <summary>A risk's id and version with the header of its plan: what every operation on a risk checks first.</summary>
public sealed record RiskHeader(long Id, long Version, PlanHeader Plan)
{
    /// <summary>The risk, or null when it does not exist or the caller may not see its plan (both answer 404).</summary>
    public static async Task<RiskHeader?> LoadVisibleAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, Caller caller, CancellationToken ct)
    {
        // One statement for the risk and its plan: this runs first on every request on a risk.
        // In a write, the plan's row is locked first (RowLocks): the plan's status and the risk's version stay as read until commit.
        await RowLocks.PlanOfRiskAsync(connection, transaction, riskId, ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { riskId }, transaction, cancellationToken: ct));
        if (row is null || !caller.CanSee(row.PlanUnitId)) return null;
        var plan = new PlanHeader(row.PlanId, row.PlanUnitId, (int)row.PlanYear, row.PlanStatus, PlanHeader.ReadScale(row.PlanScale), row.PlanVersion);
        return new RiskHeader(row.Id, row.Version, plan);
    }

    internal const string Sql = """
        SELECT r.id AS Id, r.version AS Version,
               p.id AS PlanId, p.unit_id AS PlanUnitId, p.year AS PlanYear, p.status AS PlanStatus, p.scale AS PlanScale, p.version AS PlanVersion
        FROM risks r JOIN plans p ON p.id = r.plan_id WHERE r.id = @riskId
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public long Version { get; init; }
        public long PlanId { get; init; }
        public long PlanUnitId { get; init; }
        public long PlanYear { get; init; }
        public PlanStatus PlanStatus { get; init; }
        public string PlanScale { get; init; } = "";
        public long PlanVersion { get; init; }
    }
}
