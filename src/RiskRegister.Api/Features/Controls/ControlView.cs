namespace RiskRegister.Api.Features.Controls;

/// <summary>A kontrollmoment as the API shows it: what is checked, how, how often, how much, by whom, and its results.</summary>
public sealed class ControlView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The plan the control belongs to.</summary>
    public long PlanId { get; init; }
    /// <summary>The risk of the plan the control checks; null for a control that stands alone (attest, jäv, delegation).</summary>
    public long? RiskId { get; init; }
    /// <summary>Kontrollmoment: what is checked.</summary>
    public string Title { get; init; } = "";
    /// <summary>More about the control, if told.</summary>
    public string? Description { get; init; }
    /// <summary>Kontrollmetod.</summary>
    public ControlMethod Method { get; init; }
    /// <summary>Frekvens: how often the control is made.</summary>
    public ControlFrequency Frequency { get; init; }
    /// <summary>Omfattning: how much is checked, e.g. "60 fakturor per halvår".</summary>
    public string? Scope { get; init; }
    /// <summary>Ansvarig: who makes the control.</summary>
    public string? Responsible { get; init; }
    /// <summary>Rapporteras till: whom the result is reported to.</summary>
    public string? ReportedTo { get; init; }
    /// <summary>When the control is to be made by, if set.</summary>
    public DateOnly? Due { get; init; }
    /// <summary>The goals (of the plan's unit or a unit above it) the control serves, in id order.</summary>
    public IReadOnlyList<long> GoalIds { get; init; } = [];
    /// <summary>The control in last year's plan this one was copied from.</summary>
    public long? CopiedFromControlId { get; init; }
    /// <summary>The result at each follow-up recorded so far (round 1, then 2).</summary>
    public required IReadOnlyList<ControlResultView> Results { get; init; }
    /// <summary>
    /// The control's own secrecy marking (one standing alone has no risk to be marked with); null when unmarked. A control
    /// marked, or of a marked risk, reaches a system client, a webhook or the public redacted: title "Sekretessmarkerat
    /// kontrollmoment", no other text, the ground kept.
    /// </summary>
    public Risks.SecrecyView? Secrecy { get; init; }
    /// <summary>When the control was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";
    /// <summary>When the control or its results last changed (UTC).</summary>
    [Timestamp] public string UpdatedAt { get; init; } = "";

    internal long Version { get; init; }

    public static ControlView Of(Control control) => new()
    {
        Id = control.Id, PlanId = control.PlanId, RiskId = control.RiskId, Title = control.Title, Description = control.Description,
        Method = control.Method, Frequency = control.Frequency, Scope = control.Scope, Responsible = control.Responsible,
        ReportedTo = control.ReportedTo, Due = control.Due, GoalIds = control.GoalIds ?? [], CopiedFromControlId = control.CopiedFromControlId,
        Results = control.Results.OrderBy(r => r.Round).Select(ControlResultView.Of).ToList(),
        Secrecy = control.Secrecy is { } mark ? Risks.SecrecyView.Of(mark) : null,
        CreatedAt = control.CreatedAt, UpdatedAt = control.UpdatedAt, Version = control.Version,
    };
}

/// <summary>A control's result at one follow-up.</summary>
public sealed class ControlResultView
{
    /// <summary>The follow-up: 1 or 2.</summary>
    [OneOf(1, 2, Name = "FollowUpRound")] public int Round { get; init; }
    /// <summary>What the control found, e.g. "5 av 60 fakturor saknade attest".</summary>
    public string Result { get; init; } = "";
    /// <summary>How many were checked, if counted.</summary>
    public int? Checked { get; init; }
    /// <summary>How many deviated (avvikelser), if counted.</summary>
    public int? Deviations { get; init; }
    /// <summary>Åtgärder: what was done about the deviations.</summary>
    public string? Actions { get; init; }
    /// <summary>When the result was recorded (UTC).</summary>
    [Timestamp] public string RecordedAt { get; init; } = "";

    public static ControlResultView Of(ControlResult result) => new()
    {
        Round = result.Round, Result = result.Result, Checked = result.Checked, Deviations = result.Deviations,
        Actions = result.Actions, RecordedAt = result.RecordedAt,
    };
}
