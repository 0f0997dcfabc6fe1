using System.Globalization;
using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Api.Features.Reports.InternalControl;

/// <summary>What a plan's kontrollmoment found at one follow-up round: results, deviations, and whether actions were taken.</summary>
public sealed class ControlRound
{
    /// <summary>1 or 2.</summary>
    [OneOf(1, 2, Name = "FollowUpRound")] public int Round { get; init; }
    /// <summary>Controls with a result recorded at this round (carried out).</summary>
    public int Done { get; init; }
    /// <summary>Controls in the plan.</summary>
    public int Total { get; init; }
    /// <summary>Deviations found, summed over the round's results.</summary>
    public int Deviations { get; init; }
    /// <summary>Controls whose result found deviations.</summary>
    public int WithDeviations { get; init; }
    /// <summary>Controls that found deviations without recording any action taken.</summary>
    public int WithoutActions { get; init; }

    /// <summary>The round's figures from the plan's controls (as held: a redacted control still counts).</summary>
    public static ControlRound Of(IReadOnlyCollection<Control> controls, int round)
    {
        var results = controls.Select(c => c.ResultOf(round)).Where(r => r is not null).Select(r => r!).ToList();
        var deviating = results.Where(r => r.Deviations > 0).ToList();
        return new ControlRound
        {
            Round = round, Done = results.Count, Total = controls.Count, Deviations = deviating.Sum(r => r.Deviations!.Value),
            WithDeviations = deviating.Count, WithoutActions = deviating.Count(r => string.IsNullOrWhiteSpace(r.Actions)),
        };
    }
}

/// <summary>
/// The nämnd report's prose about each plan: when each follow-up round was done and reported to the nämnd, truthfully
/// for the day judged (asOf), and what the kontrollmoment found. Pure functions of the JSON's figures, so the printed
/// sentence and the JSON never disagree.
/// </summary>
public static class ReportProse
{
    /// <summary>"3 av 10 risker", "0 av 1 risk": Swedish counts the noun by the total, singular when it is one.</summary>
    public static string OfTotal(int done, int total, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{done} av {total} {(total == 1 ? one : many)}");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DaysAfter(DateOnly day, DateOnly due) => (day.DayNumber - due.DayNumber) switch
    {
        1 => "1 dag efter sista dag",
        var n => $"{n} dagar efter sista dag",
    };

    /// <summary>
    /// One round, e.g. "Uppföljning 1 var klar 2025-08-31, före sista dag 2025-09-30, och redovisades för nämnden
    /// 2025-09-24 (§ 128)." Never says a round is missing before its due date, nor on time after it.
    /// </summary>
    public static string Round(int round, RoundStatus r, DateOnly asOf)
    {
        var name = $"Uppföljning {round}";
        if (r.Total == 0) return $"{name}: planen har inga risker att följa upp.";
        string work;
        if (r.RecordedAt is { } recorded)
        {
            var day = FollowUpRounds.DayOf(recorded);
            // recordedAt is the round's latest recording: past the due date on a round that is not late, it is a
            // correction of a round complete in time.
            work = day <= r.Due ? $"{name} var klar {Day(day)}, före sista dag {Day(r.Due)}"
                : r.Late ? $"{name} var klar {Day(day)}, {DaysAfter(day, r.Due)} ({Day(r.Due)})"
                : $"{name} var klar före sista dag {Day(r.Due)} (senast ändrad {Day(day)})";
        }
        else if (asOf > r.Due)
            work = $"{name} är försenad: {OfTotal(r.Done, r.Total, "risk", "risker")} har följts upp, och sista dag var {Day(r.Due)}";
        else
            work = $"{name} ska vara klar senast {Day(r.Due)}; {OfTotal(r.Done, r.Total, "risk", "risker")} har följts upp";

        if (r.Reported is { } report)
        {
            // A paragraph sign stays with its number on paper.
            var when = $"{Day(report.Date)} ({report.Paragraph.Replace("§ ", "§\u00A0", StringComparison.Ordinal)})";
            var late = report.Date > r.Due ? $", {DaysAfter(report.Date, r.Due)}" : "";
            return report.Complete
                ? $"{work}. Den redovisades för nämnden {when}{late}."
                : $"{work}. Den redovisades för nämnden {when} som ej klar{late}.";
        }
        return asOf > r.Due ? $"{work}. Den är ej redovisad för nämnden." : $"{work}. Den har ännu inte redovisats för nämnden.";
    }

    /// <summary>The plan's kontrollmoment: how many, and per round how many were carried out, the deviations and the actions.</summary>
    public static IReadOnlyList<string> Controls(IReadOnlyList<ControlRound> rounds)
    {
        var total = rounds.Count > 0 ? rounds[0].Total : 0;
        if (total == 0) return ["Planen har inga kontrollmoment."];
        var lines = new List<string> { total == 1 ? "Planen har 1 kontrollmoment." : $"Planen har {total} kontrollmoment." };
        foreach (var c in rounds)
        {
            var name = $"Uppföljning {c.Round}";
            if (c.Done == 0)
            {
                lines.Add($"{name}: inget kontrollmoment har genomförts ännu.");
                continue;
            }
            var done = $"{name}: {c.Done} av {c.Total} kontrollmoment har genomförts";
            if (c.WithDeviations == 0)
            {
                lines.Add($"{done}, utan avvikelser.");
                continue;
            }
            var deviations = c.Deviations == 1 ? "1 avvikelse" : $"{c.Deviations} avvikelser";
            var where = c.WithDeviations == 1 ? "i 1 kontrollmoment" : $"i {c.WithDeviations} kontrollmoment";
            var actions = c.WithoutActions == 0
                ? "åtgärder är redovisade för samtliga avvikelser"
                : c.WithoutActions == c.WithDeviations
                    ? "inga åtgärder är redovisade"
                    : $"åtgärder saknas för {c.WithoutActions} av dem";
            lines.Add($"{done}, med {deviations} {where}; {actions}.");
        }
        return lines;
    }
}
