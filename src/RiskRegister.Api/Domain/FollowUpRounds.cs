namespace RiskRegister.Api.Domain;

/// <summary>The nämnd's handling of a follow-up round (a decision: date, paragraph, case number), and whether the round was complete then.</summary>
public sealed record RoundReport(DateOnly Date, string Paragraph, string CaseNumber, bool Complete);

/// <summary>
/// A follow-up round of one plan as judged on a day: risks done of total, when due, when its last risk was recorded, the
/// nämnd's handling, and lateness. <see cref="CompletedAt"/> is when it was first complete (null if never), on which
/// lateness is judged.
/// </summary>
public sealed record RoundState(int Done, int Total, DateOnly Due, string? RecordedAt, RoundReport? Reported, bool Late, bool Overdue, string? CompletedAt = null);

/// <summary>
/// The rules of lateness (issue 23): a round done late stays late. <c>late</c> is true when the round was first complete,
/// or was reported to the nämnd, after its due date — a fact of the past, so it never turns false again; <c>overdue</c>
/// is true while the round is incomplete after its due date.
/// </summary>
public static class FollowUpRounds
{
    /// <summary>
    /// The round of <paramref name="total"/> risks, <paramref name="done"/> of them recorded, due on <paramref name="due"/>,
    /// as it stands on <paramref name="asOf"/>. <paramref name="completedAt"/> is when it was first complete (its last risk
    /// recorded), as kept, null if never; <paramref name="lastRecordedAt"/> the latest recording among its risks, which is
    /// when it was complete for a round completed before the register kept completions. <paramref name="reported"/> is the
    /// nämnd's handling of it, if recorded.
    /// </summary>
    public static RoundState Judge(int done, int total, DateOnly due, string? completedAt, string? lastRecordedAt, RoundReport? reported, DateOnly asOf)
    {
        var complete = Complete(done, total);
        // Late is judged on when the round was first complete (a correction later is no lateness); recordedAt shows when
        // its last risk was recorded.
        var firstComplete = completedAt ?? (complete ? lastRecordedAt : null);
        var late = (firstComplete is not null && DayOf(firstComplete) > due) || (reported is not null && reported.Date > due);
        return new RoundState(done, total, due, complete ? lastRecordedAt ?? completedAt : null, reported, late, Overdue: !complete && asOf > due, firstComplete);
    }

    /// <summary>Whether a round is complete: every risk has it (a plan without risks has nothing to follow up).</summary>
    public static bool Complete(int done, int total) => total > 0 && done >= total;

    /// <summary>The day of a stored timestamp (UTC) or date.</summary>
    public static DateOnly DayOf(string timestampOrDate) => Infrastructure.DateOnlyHandler.ParseText(timestampOrDate.AsSpan(0, 10));
}
