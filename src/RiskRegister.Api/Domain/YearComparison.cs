namespace RiskRegister.Api.Domain;

/// <summary>A risk in both years: last year's adopted and latest values, this year's adopted value, and the trend.</summary>
public sealed record CarriedRisk(long FromRiskId, long ToRiskId, string Title, RiskValue FromAdopted, RiskValue FromLatest, RiskValue ToAdopted, Trend Trend);

public sealed record ComparedRisk(long RiskId, string Title, RiskValue Adopted);

public sealed record YearComparisonResult(
    IReadOnlyList<CarriedRisk> Carried,
    IReadOnlyList<ComparedRisk> New,
    IReadOnlyList<ComparedRisk> Dropped);

/// <summary>
/// Year over year for one förvaltning. A risk is carried over when this year's risk was copied from a
/// risk of last year's plan (the copy link); new when it has no link into last year's plan; dropped when
/// no risk of this year was copied from it.
/// </summary>
public static class YearComparison
{
    public static YearComparisonResult Compare(IReadOnlyList<Risk> from, IReadOnlyList<Risk> to)
    {
        var fromById = from.ToDictionary(r => r.Id);
        var carried = new List<CarriedRisk>();
        var added = new List<ComparedRisk>();
        var linked = new HashSet<long>();
        foreach (var risk in to)
        {
            if (risk.CopiedFromRiskId is { } sourceId && fromById.TryGetValue(sourceId, out var source))
            {
                linked.Add(sourceId);
                // This year's adopted value is set against where last year ended: its latest assessment.
                carried.Add(new(source.Id, risk.Id, risk.Title, source.Value, source.Latest, risk.Value,
                    Trends.Between(source.Latest.Score, risk.Value.Score)));
            }
            else
            {
                added.Add(new(risk.Id, risk.Title, risk.Value));
            }
        }
        var dropped = from.Where(r => !linked.Contains(r.Id)).Select(r => new ComparedRisk(r.Id, r.Title, r.Value)).ToList();
        return new(carried, added, dropped);
    }
}
