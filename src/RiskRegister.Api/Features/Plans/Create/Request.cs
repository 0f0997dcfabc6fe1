namespace RiskRegister.Api.Features.Plans.Create;

public sealed class Request
{
    /// <summary>The unit the plan is for: a förvaltning, a nämnd or a department.</summary>
    public long? UnitId { get; set; }
    /// <summary>The year the plan covers.</summary>
    public int? Year { get; set; }
    /// <summary>Optional title.</summary>
    public string? Title { get; set; }
    /// <summary>What the printed document is called; configuration <c>Plans:DocumentTitle</c> when left out.</summary>
    public string? DocumentTitle { get; set; }
    /// <summary>Inledning: the plan's introduction and purpose.</summary>
    public string? Introduction { get; set; }
    /// <summary>How the risk analysis was made.</summary>
    public string? Process { get; set; }
    /// <summary>Beslut om uppföljning: when and to whom each follow-up round is reported.</summary>
    public string? FollowUpDecision { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.UnitId).NotNull().GreaterThan(0);
            RuleFor(x => x.Year).NotNull().InclusiveBetween(2000, 2100);
            RuleFor(x => x.Title).MaximumLength(300);
            this.AddPlanTextRules(x => x.DocumentTitle, x => x.Introduction, x => x.Process, x => x.FollowUpDecision);
        }
    }
}
