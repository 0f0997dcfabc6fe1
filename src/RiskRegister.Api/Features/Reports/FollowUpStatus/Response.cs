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
    /// <summary>Draft, adopted or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The adoption decision, once adopted.</summary>
    public Decision? Decision { get; init; }
    /// <summary>Uppföljning 1.</summary>
    public RoundStatus Round1 { get; init; } = new();
    /// <summary>Uppföljning 2.</summary>
    public RoundStatus Round2 { get; init; } = new();
}

/// <summary>One follow-up round of one plan.</summary>
public sealed class RoundStatus
{
    /// <summary>Risks with this round recorded.</summary>
    public int Done { get; init; }
    /// <summary>Risks in the plan.</summary>
    public int Total { get; init; }
    /// <summary>When the round is due (configuration <c>FollowUps</c>).</summary>
    public DateOnly Due { get; init; }
    /// <summary>True when the due date has passed and some risk (or kontrollmoment) still lacks this round.</summary>
    public bool Overdue { get; init; }
    /// <summary>Kontrollmoment with a result recorded at this round, of all the plan's controls.</summary>
    public ControlProgress Controls { get; init; } = new();

    public static RoundStatus Of(int done, int total, DateOnly due, DateOnly today, (int Done, int Total) controls = default) => new()
    {
        Done = done, Total = total, Due = due, Overdue = today > due && (done < total || controls.Done < controls.Total),
        Controls = new ControlProgress { Done = controls.Done, Total = controls.Total },
    };
}

/// <summary>How many of a plan's kontrollmoment have a result at one round.</summary>
public sealed class ControlProgress
{
    /// <summary>Controls with a result at this round.</summary>
    public int Done { get; init; }
    /// <summary>Controls in the plan.</summary>
    public int Total { get; init; }
}
