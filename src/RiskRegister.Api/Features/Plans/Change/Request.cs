namespace RiskRegister.Api.Features.Plans.Change;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The plan's title; an empty string removes it.</summary>
    public string? Title { get; set; }
    /// <summary>What the printed document is called; an empty string gives it the configured <c>Plans:DocumentTitle</c>.</summary>
    public string? DocumentTitle { get; set; }
    /// <summary>Inledning; an empty string removes it.</summary>
    public string? Introduction { get; set; }
    /// <summary>How the risk analysis was made; an empty string removes it.</summary>
    public string? Process { get; set; }
    /// <summary>Beslut om uppföljning; an empty string removes it.</summary>
    public string? FollowUpDecision { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).MaximumLength(300);
            this.AddPlanTextRules(x => x.DocumentTitle, x => x.Introduction, x => x.Process, x => x.FollowUpDecision);
        }
    }
}
