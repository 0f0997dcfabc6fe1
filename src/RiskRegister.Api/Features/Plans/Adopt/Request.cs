namespace RiskRegister.Api.Features.Plans.Adopt;

/// <summary>The nämnd's decision to adopt (fastställa) the plan.</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>Date of the decision (YYYY-MM-DD).</summary>
    public DateOnly? Date { get; set; }
    /// <summary>Paragraph in the minutes, e.g. "§ 12".</summary>
    public string? Paragraph { get; set; }
    /// <summary>Case number (diarienummer), e.g. "2023-POL000381".</summary>
    public string? CaseNumber { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Date).NotNull();
            RuleFor(x => x.Paragraph).NotEmpty().MaximumLength(50).SingleLine();
            RuleFor(x => x.CaseNumber).NotEmpty().MaximumLength(100).SingleLine();
        }
    }
}
