using RiskRegister.Api.Features.Goals;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Controls.Change;

/// <summary>The fields to change; fields left out stay. An empty string clears an optional text.</summary>
public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
    /// <summary>Kontrollmoment: what is checked.</summary>
    public string? Title { get; set; }
    /// <summary>More about the control; an empty string clears it.</summary>
    public string? Description { get; set; }
    /// <summary>The risk of the plan the control checks; 0 makes the control stand alone.</summary>
    public long? RiskId { get; set; }
    /// <summary>Kontrollmetod.</summary>
    public ControlMethod? Method { get; set; }
    /// <summary>Frekvens.</summary>
    public ControlFrequency? Frequency { get; set; }
    /// <summary>Omfattning; an empty string clears it.</summary>
    public string? Scope { get; set; }
    /// <summary>Ansvarig; an empty string clears it.</summary>
    public string? Responsible { get; set; }
    /// <summary>Rapporteras till; an empty string clears it.</summary>
    public string? ReportedTo { get; set; }
    /// <summary>When the control is to be made by (YYYY-MM-DD).</summary>
    public DateOnly? Due { get; set; }
    /// <summary>The goals the control serves: goals of the plan's unit or a unit above it; the list replaces the links, <c>[]</c> removes them.</summary>
    public List<long>? GoalIds { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(TextLimits.Title).When(x => x.Title is not null);
            RuleFor(x => x.Description).MaximumLength(TextLimits.Text);
            RuleFor(x => x.RiskId).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Method).IsInEnum().When(x => x.Method is not null);
            RuleFor(x => x.Frequency).IsInEnum().When(x => x.Frequency is not null);
            RuleFor(x => x.Scope).MaximumLength(TextLimits.Short);
            RuleFor(x => x.Responsible).MaximumLength(TextLimits.Short);
            RuleFor(x => x.ReportedTo).MaximumLength(TextLimits.Short);
            this.AddGoalIdRules(x => x.GoalIds);
        }
    }
}
