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
        var version = await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "UPDATE risks SET version = version + 1, updated_at = @now WHERE id = @id RETURNING version",
            new { id = risk.Id, now }, write.Transaction, cancellationToken: ct));
        await write.TouchAsync(risk.Plan, now, ct);
        write.Touched(version);
    }

    /// <summary>A change to a plan, or to the risks it holds, moves the plan's version.</summary>
    public static async Task TouchAsync(this WriteScope write, PlanHeader plan, string now, CancellationToken ct) =>
        write.Touched(await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "UPDATE plans SET version = version + 1, updated_at = @now WHERE id = @planId RETURNING version",
            new { planId = plan.Id, now }, write.Transaction, cancellationToken: ct)));
}
