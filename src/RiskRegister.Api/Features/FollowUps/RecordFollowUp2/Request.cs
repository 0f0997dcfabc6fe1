using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.FollowUps.RecordFollowUp2;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>Resultat genomförd hantering.</summary>
    public string? Result { get; set; }
    /// <summary>Förbättringsområden, vidare hanterings- och åtgärdsbehov; empty or absent when there are none (printed as none).</summary>
    public string? ImprovementAreas { get; set; }
    /// <summary>Motivering till slutligt riskvärde.</summary>
    public string? FinalMotivation { get; set; }
    /// <summary>Final sannolikhet on the plan's scale.</summary>
    public int? Probability { get; set; }
    /// <summary>Final konsekvens on the plan's scale.</summary>
    public int? Consequence { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Result).NotEmpty().MaximumLength(TextLimits.Text);
            // None is an answer: a risk that needs nothing further has no improvement area, not "Inga." printed as one.
            RuleFor(x => x.ImprovementAreas).MaximumLength(TextLimits.Text);
            RuleFor(x => x.FinalMotivation).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Probability).NotNull().InclusiveBetween(1, 5);
            RuleFor(x => x.Consequence).NotNull().InclusiveBetween(1, 5);
        }
    }
}
