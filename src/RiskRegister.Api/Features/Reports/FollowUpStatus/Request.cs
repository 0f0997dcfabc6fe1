namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

public sealed class Request : PageQuery
{
    /// <summary>Only plans for this year; all years when omitted.</summary>
    [QueryParam] public int? Year { get; set; }

    /// <summary>Only plans of this unit and of the units below it (a nämnd's own plan, its förvaltningar's, their departments').</summary>
    [QueryParam] public long? UnitId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Year).InclusiveBetween(2000, 2100).When(x => x.Year is not null);
            RuleFor(x => x.UnitId).GreaterThan(0).When(x => x.UnitId is not null);
            this.AddPagingRules();
        }
    }
}
