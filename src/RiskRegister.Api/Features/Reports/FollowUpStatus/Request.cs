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

        // What the rules admit, decided without running them (FluentValidation's context, rules and conditions on every
        // request); anything else is judged by the rules, so every refusal is theirs. PlainBindingTests holds the two equal.
        internal static bool Admits(Request r) =>
            r.Year is null or (>= 2000 and <= 2100) && r.UnitId is null or > 0 && r.Limit is null or (>= 1 and <= Paging.MaxLimit) && r.Cursor is null or >= 0;

        public override ValidationResult Validate(FluentValidation.ValidationContext<Request> context) =>
            Admits(context.InstanceToValidate) ? new ValidationResult() : base.Validate(context);

        public override Task<ValidationResult> ValidateAsync(FluentValidation.ValidationContext<Request> context, CancellationToken cancellation = default) =>
            Admits(context.InstanceToValidate) ? Task.FromResult(new ValidationResult()) : base.ValidateAsync(context, cancellation);

        /// <summary>The rules alone, for the tests.</summary>
        internal ValidationResult ByRules(Request r) => base.Validate(new FluentValidation.ValidationContext<Request>(r));
    }
}
