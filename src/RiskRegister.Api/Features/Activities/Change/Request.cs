using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Change;

/// <summary>The fields to change; fields left out stay. On an adopted plan only <c>status</c> may change.</summary>
public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>The activity's id.</summary>
    public long ActivityId { get; set; }
    /// <summary>What is done.</summary>
    public string? Description { get; set; }
    /// <summary>Mätvärde.</summary>
    public string? Measure { get; set; }
    /// <summary>Tidplan (YYYY-MM-DD).</summary>
    public DateOnly? Due { get; set; }
    /// <summary>Who is responsible; an empty string clears it.</summary>
    public string? Responsible { get; set; }
    /// <summary>How far the activity has come.</summary>
    public HandlingStatus? Status { get; set; }

    internal bool ChangesPlanContent => Description is not null || Measure is not null || Due is not null || Responsible is not null;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Description).NotEmpty().MaximumLength(TextLimits.Text).When(x => x.Description is not null);
            RuleFor(x => x.Measure).NotEmpty().MaximumLength(TextLimits.Text).When(x => x.Measure is not null);
            RuleFor(x => x.Responsible).MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Status).IsInEnum().When(x => x.Status is not null);
        }
    }
}
