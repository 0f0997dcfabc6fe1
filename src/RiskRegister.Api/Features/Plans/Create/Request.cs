namespace RiskRegister.Api.Features.Plans.Create;

public sealed class Request
{
    /// <summary>The förvaltning (unit of kind <c>administration</c>) the plan is for.</summary>
    public long? UnitId { get; set; }
    /// <summary>The year the plan covers.</summary>
    public int? Year { get; set; }
    /// <summary>Optional title.</summary>
    public string? Title { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.UnitId).NotNull().GreaterThan(0);
            RuleFor(x => x.Year).NotNull().InclusiveBetween(2000, 2100);
            RuleFor(x => x.Title).MaximumLength(300).SingleLine();
        }
    }
}
