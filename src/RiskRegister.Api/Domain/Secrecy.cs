namespace RiskRegister.Api.Domain;

/// <summary>
/// A risk marked as holding information that may be secret under offentlighets- och sekretesslagen: advice for the
/// menprövning when the plan is asked for, with its legal ground (e.g. "OSL 18 kap. 8 §").
/// </summary>
public sealed record SecrecyMark(string Ground, string? Note, string MarkedAt, string MarkedBy);

/// <summary>How much of a marked risk a reader gets.</summary>
public enum Disclosure
{
    /// <summary>Everything, with the marking shown: admin, auditor, registrator.</summary>
    Full,
    /// <summary>A marked risk redacted (<see cref="SecrecyRules.Redact"/>): system clients, webhooks, the public excerpt.</summary>
    Redacted,
}

/// <summary>What of a marked risk may leave the register for a reader outside it.</summary>
public static class SecrecyRules
{
    /// <summary>The title a redacted risk carries in place of its own.</summary>
    public const string RedactedTitle = "Sekretessmarkerad risk";

    /// <summary>
    /// A marked risk as a reader outside the register gets it: its id, values, handling method, activities' dates and
    /// statuses, follow-ups' values and statuses, and the legal ground stay (the matrix and the counts need them, and
    /// they are not the secret); every text is left out: the title becomes <see cref="RedactedTitle"/>, the others empty,
    /// the marking keeps its ground and date only. An unmarked risk is answered as it is.
    /// </summary>
    public static Risk Redact(Risk risk) => risk.Secrecy is not { } mark ? risk : risk with
    {
        Title = RedactedTitle, Description = "", Motivation = null, Category = null, Owner = null, Goal = null,
        Activities = risk.Activities.Select(a => a with { Description = "", Measure = "", Responsible = null }).ToList(),
        Round1 = risk.Round1 is { } round1 ? round1 with { Observations = "", Events = "" } : null,
        Round2 = risk.Round2 is { } round2 ? round2 with { Result = "", ImprovementAreas = "", FinalMotivation = "" } : null,
        Secrecy = mark with { Note = null, MarkedBy = "" },
    };

    /// <summary>The risks as <paramref name="disclosure"/> lets them be read.</summary>
    public static List<Risk> As(this IEnumerable<Risk> risks, Disclosure disclosure) =>
        disclosure == Disclosure.Full ? risks.ToList() : risks.Select(Redact).ToList();

    /// <summary>Whether the risk leaves the register redacted for this reader.</summary>
    public static bool IsRedactedFor(this Risk risk, Disclosure disclosure) => disclosure == Disclosure.Redacted && risk.Secrecy is not null;
}
