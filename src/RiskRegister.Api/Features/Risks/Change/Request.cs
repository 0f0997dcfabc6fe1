using RiskRegister.Api.Features.Goals;

namespace RiskRegister.Api.Features.Risks.Change;

/// <summary>The fields to change; fields left out (or null) stay as they are. An empty string clears an optional text.</summary>
public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>Short name of the risk.</summary>
    public string? Title { get; set; }
    /// <summary>The risk, described from the nämnd's mission.</summary>
    public string? Description { get; set; }
    /// <summary>Sannolikhet on the plan's scale.</summary>
    public int? Probability { get; set; }
    /// <summary>Konsekvens on the plan's scale. For a risk assessed per area it is their maximum: change <c>consequences</c> instead.</summary>
    public int? Consequence { get; set; }
    /// <summary>Konsekvens per area of the plan's <c>scale.consequenceAreas</c>, replacing those held; <c>{}</c> makes the risk one consequence again.</summary>
    public Dictionary<string, int>? Consequences { get; set; }
    /// <summary>Hanteringsmetod.</summary>
    public HandlingMethod? HandlingMethod { get; set; }
    /// <summary>Why this method.</summary>
    public string? Motivation { get; set; }
    /// <summary>Riskområde.</summary>
    public string? Category { get; set; }
    /// <summary>Riskägare.</summary>
    public string? Owner { get; set; }
    /// <summary>The region goal the risk threatens, as free text.</summary>
    public string? Goal { get; set; }
    /// <summary>The goals the risk threatens: goals of the plan's unit or a unit above it (<c>GET /units/{id}/goals</c>); the list replaces the links, <c>[]</c> removes them.</summary>
    public List<long>? GoalIds { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(TextLimits.Title).SingleLine().When(x => x.Title is not null);
            RuleFor(x => x.Description).MaximumLength(TextLimits.Text);
            RuleFor(x => x.Probability).InclusiveBetween(1, 5).When(x => x.Probability is not null);
            RuleFor(x => x.Consequence).InclusiveBetween(1, 5).When(x => x.Consequence is not null);
            RuleFor(x => x.HandlingMethod).IsInEnum().When(x => x.HandlingMethod is not null);
            RuleFor(x => x.Motivation).MaximumLength(TextLimits.Text);
            RuleFor(x => x.Category).MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Owner).MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Goal).MaximumLength(TextLimits.Short).SingleLine();
            this.AddGoalIdRules(x => x.GoalIds);
        }
    }
}
