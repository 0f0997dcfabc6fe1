using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Turns the shared readers' views into the inputs of the pure report functions in <c>Domain/</c>.</summary>
public static class ReportData
{
    public static RiskValues ToValues(this RiskView r) => new(
        r.Id, r.Title, new RiskValue(r.Probability, r.Consequence), r.HandlingMethod,
        r.FollowUp1 is { } f1 ? new RiskValue(f1.Probability, f1.Consequence) : null,
        r.FollowUp2 is { } f2 ? new RiskValue(f2.Probability, f2.Consequence) : null);

    public static RiskForAssessment ToAssessment(this RiskView r) => new(
        r.Id, r.Title, r.Description, new RiskValue(r.Probability, r.Consequence), r.HandlingMethod, r.Motivation,
        r.Activities.Select(a => new ActivityForAssessment(a.Description, a.Measure, a.Due, a.Status)).ToList(),
        r.FollowUp1 is { } f1 ? new FollowUp1ForAssessment(f1.HandlingStatus, f1.Observations, f1.Events, new(f1.Probability, f1.Consequence)) : null,
        r.FollowUp2 is { } f2 ? new FollowUp2ForAssessment(f2.Result, f2.ImprovementAreas, f2.FinalMotivation, new(f2.Probability, f2.Consequence)) : null);

    /// <summary>The nämnd above a förvaltning, for the document's heading; null for a unit without parent.</summary>
    public static Task<string?> BoardNameAsync(IDbConnection connection, long unitId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT b.name FROM units u JOIN units b ON b.id = u.parent_id WHERE u.id = @unitId",
            new { unitId }, cancellationToken: ct));
}

/// <summary>A probability × consequence value with its riskvärde and level.</summary>
public sealed class ValueView
{
    /// <summary>Sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Riskvärde.</summary>
    public int Score { get; init; }
    /// <summary>Level in the plan's scale.</summary>
    public RiskLevel Level { get; init; }

    public static ValueView Of(RiskValue value, Scale scale) => new()
    {
        Probability = value.Probability, Consequence = value.Consequence, Score = value.Score, Level = scale.Level(value.Score),
    };
}
