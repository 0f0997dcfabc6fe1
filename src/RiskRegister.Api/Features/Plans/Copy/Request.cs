namespace RiskRegister.Api.Features.Plans.Copy;

public sealed class Request
{
    /// <summary>The plan to copy from (usually last year's).</summary>
    public long Id { get; set; }
    /// <summary>The year of the new draft; later than the source plan's.</summary>
    public int? Year { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Year).NotNull().InclusiveBetween(2000, 2100);
        }
    }
}
