using RiskRegister.Api.Features.Goals;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Controls.Create;

public sealed class Request
{
    /// <summary>The plan the control belongs to.</summary>
    public long Id { get; set; }
    /// <summary>Kontrollmoment: what is checked.</summary>
    public string? Title { get; set; }
    /// <summary>More about the control.</summary>
    public string? Description { get; set; }
    /// <summary>The risk of the plan the control checks; leave out for a control that stands alone.</summary>
    public long? RiskId { get; set; }
    /// <summary>Kontrollmetod.</summary>
    public ControlMethod? Method { get; set; }
    /// <summary>Frekvens.</summary>
    public ControlFrequency? Frequency { get; set; }
    /// <summary>Omfattning, e.g. "60 fakturor per halvår".</summary>
    public string? Scope { get; set; }
    /// <summary>Ansvarig.</summary>
    public string? Responsible { get; set; }
    /// <summary>Rapporteras till.</summary>
    public string? ReportedTo { get; set; }
    /// <summary>When the control is to be made by (YYYY-MM-DD).</summary>
    public DateOnly? Due { get; set; }
    /// <summary>The goals the control serves: goals of the plan's unit or a unit above it.</summary>
    public List<long>? GoalIds { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(TextLimits.Title);
            RuleFor(x => x.Description).MaximumLength(TextLimits.Text);
            RuleFor(x => x.Method).NotNull().IsInEnum();
            RuleFor(x => x.Frequency).NotNull().IsInEnum();
            RuleFor(x => x.Scope).MaximumLength(TextLimits.Short);
            RuleFor(x => x.Responsible).MaximumLength(TextLimits.Short);
            RuleFor(x => x.ReportedTo).MaximumLength(TextLimits.Short);
            this.AddGoalIdRules(x => x.GoalIds);
        }
    }
}
