using System.Globalization;

namespace RiskRegister.Api.Features.FollowUps;

/// <summary>
/// Configuration section <c>FollowUps</c>: when each round is due, as month-day. Round 1 goes with the interim
/// report (delårsrapport), in the plan's year; round 2 with the year-end report, in the following year.
/// </summary>
public sealed class FollowUpSettings : ISettings
{
    public static string Section => "FollowUps";

    /// <summary>Due date of uppföljning 1 in the plan's year, <c>MM-dd</c> (default end of September).</summary>
    public string Round1Due { get; set; } = "09-30";

    /// <summary>Due date of uppföljning 2 in the year after the plan's year, <c>MM-dd</c> (default end of January).</summary>
    public string Round2Due { get; set; } = "01-31";

    /// <summary>Send the follow-up reminders (<c>followUp.dueSoon</c>, <c>followUp.overdue</c>); false turns them off.</summary>
    public bool Reminders { get; set; } = true;

    /// <summary>How many days before a round is due its <c>followUp.dueSoon</c> reminder is sent, if the round is incomplete.</summary>
    public int RemindDaysBefore { get; set; } = 14;

    /// <summary>How often the reminders are looked for, in minutes (and once at start-up).</summary>
    public double ReminderScanMinutes { get; set; } = 60;

    public DateOnly Round1For(int year) => Remembered(ref _round1, year, Round1Due, nameof(Round1Due));

    public DateOnly Round2For(int year) => Remembered(ref _round2, year + 1, Round2Due, nameof(Round2Due));

    // The last due date of each round, for its year and setting: a report judges every plan of a year against the same two
    // dates, so they are not parsed again for each plan. A changed setting (another string) or year is parsed anew.
    private sealed record Known(int Year, string MonthDay, DateOnly Date);

    private Known? _round1, _round2;

    private static DateOnly Remembered(ref Known? known, int year, string monthDay, string name)
    {
        var last = Volatile.Read(ref known);
        if (last is not null && last.Year == year && ReferenceEquals(last.MonthDay, monthDay)) return last.Date;
        var date = On(year, monthDay, name);
        Volatile.Write(ref known, new Known(year, monthDay, date));
        return date;
    }

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { (nameof(Round1Due), Round1Due), (nameof(Round2Due), Round2Due) })
            if (!TryParse(2024, value, out _)) problems.Add($"FollowUps:{name} must be a month and day as MM-dd, e.g. 09-30.");
        if (RemindDaysBefore is < 0 or > 365) problems.Add("FollowUps:RemindDaysBefore must be between 0 and 365.");
        if (ReminderScanMinutes <= 0) problems.Add("FollowUps:ReminderScanMinutes must be more than 0.");
        return problems;
    }

    private static DateOnly On(int year, string monthDay, string name) =>
        TryParse(year, monthDay, out var date) ? date : throw new InvalidOperationException($"FollowUps:{name} is not MM-dd.");

    // 02-29 falls back to 02-28 in years that lack it.
    private static bool TryParse(int year, string monthDay, out DateOnly date)
    {
        date = default;
        var parts = monthDay.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month))
            return false;
        date = new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
        return true;
    }
}
