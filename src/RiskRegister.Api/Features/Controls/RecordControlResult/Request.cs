using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Controls.RecordControlResult;

public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
    /// <summary>The follow-up: 1 or 2.</summary>
    [OneOf(1, 2, Name = "FollowUpRound")] public int Round { get; set; }
    /// <summary>What the control found, e.g. "5 av 60 fakturor saknade attest".</summary>
    public string? Result { get; set; }
    /// <summary>How many were checked.</summary>
    public int? Checked { get; set; }
    /// <summary>How many deviated (avvikelser).</summary>
    public int? Deviations { get; set; }
    /// <summary>What was done about the deviations (åtgärder).</summary>
    public string? Actions { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Round).InclusiveBetween(1, 2).WithMessage("There are two follow-ups: round is 1 or 2.");
            RuleFor(x => x.Result).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Checked).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Deviations).GreaterThanOrEqualTo(0);
            RuleFor(x => x.Deviations).LessThanOrEqualTo(x => x.Checked).When(x => x.Checked is not null && x.Deviations is not null)
                .WithMessage("Deviations cannot be more than the number checked.");
            RuleFor(x => x.Actions).MaximumLength(TextLimits.Text);
        }
    }
}
