using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

public sealed class Response
{
    /// <summary>The date <c>overdue</c> was judged against.</summary>
    public DateOnly Today { get; init; }
    /// <summary>One row per plan, by year, then nämnd and förvaltning name.</summary>
    public List<FollowUpStatusRow> Items { get; init; } = [];
    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page. (The CSV holds every row.)</summary>
    public long? NextCursor { get; init; }
}

/// <summary>One plan's adoption and follow-up progress.</summary>
public sealed class FollowUpStatusRow
{
    /// <summary>The plan's id.</summary>
    public long PlanId { get; init; }
    /// <summary>The förvaltning.</summary>
    public long UnitId { get; init; }
    /// <summary>The förvaltning's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The nämnd above it, when there is one.</summary>
    public string? BoardName { get; init; }
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Draft, adopted, revising or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>Uppföljning 1.</summary>
    public RoundStatus Round1 { get; init; } = new();
    /// <summary>Uppföljning 2.</summary>
    public RoundStatus Round2 { get; init; } = new();
}

/// <summary>One follow-up round of one plan: progress, when it was complete, the nämnd's handling, and lateness.</summary>
public sealed class RoundStatus
{
    /// <summary>Risks with this round recorded.</summary>
    public int Done { get; init; }
    /// <summary>Risks in the plan (adopted ones: a risk an open revision adds counts once the revision is adopted).</summary>
    public int Total { get; init; }
    /// <summary>When the round is due (configuration <c>FollowUps</c>).</summary>
    public DateOnly Due { get; init; }
    /// <summary>When the round was complete: its last risk recorded (UTC); null while a risk lacks it.</summary>
    [Timestamp] public string? RecordedAt { get; init; }
    /// <summary>The nämnd's handling of the round (<c>PUT /plans/{id}/follow-ups/{round}/report</c>); null until recorded.</summary>
    public RoundReportView? Reported { get; init; }
    /// <summary>True when the round was completed, or reported to the nämnd, after its due date. Once true, it stays true.</summary>
    public bool Late { get; init; }
    /// <summary>True while the due date has passed and some risk (or kontrollmoment) still lacks this round.</summary>
    public bool Overdue { get; init; }
    /// <summary>Kontrollmoment with a result recorded at this round, of all the plan's controls.</summary>
    public ControlProgress Controls { get; init; } = new();

    /// <summary>The round as judged, with its kontrollmoment: a control still lacking its result past the due date makes it overdue too.</summary>
    public static RoundStatus Of(RoundState state, DateOnly asOf, (int Done, int Total) controls = default) => new()
    {
        Done = state.Done, Total = state.Total, Due = state.Due, RecordedAt = state.RecordedAt,
        Reported = state.Reported is { } r ? new RoundReportView { Date = r.Date, Paragraph = r.Paragraph, CaseNumber = r.CaseNumber, Complete = r.Complete } : null,
        Late = state.Late, Overdue = state.Overdue || (asOf > state.Due && controls.Done < controls.Total),
        Controls = new ControlProgress { Done = controls.Done, Total = controls.Total },
    };
}

/// <summary>The nämnd's handling of a follow-up round: its decision, and whether the round was complete then.</summary>
public sealed class RoundReportView
{
    /// <summary>Date of the nämnd's meeting.</summary>
    public DateOnly Date { get; init; }
    /// <summary>Paragraph in the minutes, e.g. "§ 29".</summary>
    public string Paragraph { get; init; } = "";
    /// <summary>Case number (diarienummer).</summary>
    public string CaseNumber { get; init; } = "";
    /// <summary>False when the nämnd was told of an unfinished round ("ej klar").</summary>
    public bool Complete { get; init; }
}

/// <summary>How many of a plan's kontrollmoment have a result at one round.</summary>
public sealed class ControlProgress
{
    /// <summary>Controls with a result at this round.</summary>
    public int Done { get; init; }
    /// <summary>Controls in the plan.</summary>
    public int Total { get; init; }
}
