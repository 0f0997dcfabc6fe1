namespace RiskRegister.Api.Domain;

/// <summary>An activity a copy proposes for next year's draft, marked as carried over.</summary>
public sealed record CarriedActivity(string Description, string Measure, DateOnly Due, string? Responsible);

/// <summary>
/// What the year carries forward (api.md, "Each follow-up reported…": the copy). Last year's unfinished activities come
/// over as they were, their tidplan moved on by the years between; uppföljning 2's improvement areas come over as new
/// activities, due when next year's first follow-up is, with a measure still to be set. Each starts
/// <c>notStarted</c>; the förvaltning keeps, changes or removes them before adoption.
/// </summary>
public static class CarryOver
{
    /// <summary>
    /// The measure an improvement area comes over with: a reminder to set one, not a measure (AdoptionRules does not count it).
    /// </summary>
    public const string MeasureToBeSet = "Mätvärde att fastställa";

    public static IReadOnlyList<CarriedActivity> Propose(Risk risk, int fromYear, int toYear, DateOnly improvementsDue)
    {
        var years = toYear - fromYear;
        var carried = risk.Activities
            .Where(a => a.Status != HandlingStatus.Done)
            .Select(a => new CarriedActivity(a.Description, a.Measure, a.Due.AddYears(years), a.Responsible))
            .ToList();
        if (risk.Round2?.ImprovementAreas.Trim() is { Length: > 0 } improvements)
            carried.Add(new CarriedActivity(
                $"Förbättringsområde från uppföljning 2 av {fromYear} års plan: {improvements}",
                MeasureToBeSet, improvementsDue, null));
        return carried;
    }
}
