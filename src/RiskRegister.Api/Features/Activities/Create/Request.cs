using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Create;

public sealed class Request
{
    /// <summary>The risk the activity handles.</summary>
    public long Id { get; set; }
    /// <summary>What is done.</summary>
    public string? Description { get; set; }
    /// <summary>Mätvärde: how success is seen.</summary>
    public string? Measure { get; set; }
    /// <summary>Tidplan: by when (YYYY-MM-DD).</summary>
    public DateOnly? Due { get; set; }
    /// <summary>Who is responsible.</summary>
    public string? Responsible { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Description).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Measure).NotEmpty().MaximumLength(TextLimits.Text);
            RuleFor(x => x.Due).NotNull();
            RuleFor(x => x.Responsible).MaximumLength(TextLimits.Short).SingleLine();
        }
    }
}
