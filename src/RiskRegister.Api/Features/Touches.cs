using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features;

/// <summary>
/// The versions (ETags) a write moves on: <c>await write.TouchAsync(risk, now, ct);</c>. The write scope remembers the
/// new version, and its commit answers it for the ETag.
/// </summary>
public static class Touches
{
    /// <summary>A change to anything a risk holds moves its version and its plan's; the risk's is the one remembered.</summary>
    public static async Task TouchAsync(this WriteScope write, RiskHeader risk, string now, CancellationToken ct)
    {
        // Both in one command (on PostgreSQL, one round trip): the risk's version first, then its plan's.
        using var versions = await write.Connection.QueryMultipleAsync(new CommandDefinition(RiskAndPlanSql,
            new { id = risk.Id, planId = risk.Plan.Id, now }, write.Transaction, cancellationToken: ct));
        var version = await versions.ReadSingleAsync<long>();
        write.Touched(await versions.ReadSingleAsync<long>());
        write.Touched(version);
    }

    private const string RiskAndPlanSql = "UPDATE risks SET version = version + 1, updated_at = @now WHERE id = @id RETURNING version;\n" + PlanSql;

    private const string PlanSql = "UPDATE plans SET version = version + 1, updated_at = @now WHERE id = @planId RETURNING version";

    /// <summary>A change to a plan, or to the risks it holds, moves the plan's version.</summary>
    public static async Task TouchAsync(this WriteScope write, PlanHeader plan, string now, CancellationToken ct) =>
        write.Touched(await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            PlanSql, new { planId = plan.Id, now }, write.Transaction, cancellationToken: ct)));
}
