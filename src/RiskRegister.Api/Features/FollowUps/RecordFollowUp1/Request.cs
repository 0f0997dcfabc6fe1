using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.FollowUps.RecordFollowUp1;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>Status för genomförd hantering.</summary>
    public HandlingStatus? HandlingStatus { get; set; }
    /// <summary>Status för iakttagelser.</summary>
    public string? Observations { get; set; }
    /// <summary>Händelser som påverkat risken.</summary>
    public string? Events { get; set; }
    /// <summary>Re-assessed sannolikhet on the plan's scale.</summary>
    public int? Probability { get; set; }
    /// <summary>Re-assessed konsekvens on the plan's scale.</summary>
    public int? Consequence { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.HandlingStatus).NotNull().IsInEnum();
            RuleFor(x => x.Observations).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Events).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Probability).NotNull().InclusiveBetween(1, 5);
            RuleFor(x => x.Consequence).NotNull().InclusiveBetween(1, 5);
        }
    }
}
