using RiskRegister.Api.Features.Goals;

namespace RiskRegister.Api.Features.Risks.Create;

public sealed class Request
{
    /// <summary>The plan to add the risk to (a draft).</summary>
    public long PlanId { get; set; }
    /// <summary>Short name of the risk.</summary>
    public string? Title { get; set; }
    /// <summary>The risk, described from the nämnd's mission. Required before adoption.</summary>
    public string? Description { get; set; }
    /// <summary>Sannolikhet, 1 to the plan's scale size.</summary>
    public int? Probability { get; set; }
    /// <summary>Konsekvens, 1 to the plan's scale size. May be left out when <c>consequences</c> are given (it is their maximum).</summary>
    public int? Consequence { get; set; }
    /// <summary>Konsekvens per area of the plan's <c>scale.consequenceAreas</c>, each on the plan's scale; <c>consequence</c> is their maximum.</summary>
    public Dictionary<string, int>? Consequences { get; set; }
    /// <summary>Hanteringsmetod; <c>none</c> for a lower risk that is only listed.</summary>
    public HandlingMethod? HandlingMethod { get; set; }
    /// <summary>Why this method. Required before adoption for every method but none, and for red risks without a method.</summary>
    public string? Motivation { get; set; }
    /// <summary>Riskområde.</summary>
    public string? Category { get; set; }
    /// <summary>Riskägare.</summary>
    public string? Owner { get; set; }
    /// <summary>The region goal the risk threatens, as free text.</summary>
    public string? Goal { get; set; }
    /// <summary>The goals the risk threatens: goals of the plan's unit or a unit above it (<c>GET /units/{id}/goals</c>).</summary>
    public List<long>? GoalIds { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(TextLimits.Title).SingleLine();
            RuleFor(x => x.Description).MaximumLength(TextLimits.Text);
            RuleFor(x => x.Probability).NotNull().InclusiveBetween(1, 5);
            RuleFor(x => x.Consequence).NotNull().When(x => x.Consequences is not { Count: > 0 }).InclusiveBetween(1, 5);
            RuleFor(x => x.HandlingMethod).NotNull().IsInEnum();
            RuleFor(x => x.Motivation).MaximumLength(TextLimits.Text);
            RuleFor(x => x.Category).MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Owner).MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Goal).MaximumLength(TextLimits.Short).SingleLine();
            this.AddGoalIdRules(x => x.GoalIds);
        }
    }
}
