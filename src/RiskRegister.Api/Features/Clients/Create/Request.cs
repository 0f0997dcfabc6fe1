namespace RiskRegister.Api.Features.Clients.Create;

public sealed class Request
{
    /// <summary>Who or what will use the key, e.g. "Registrator Medicinsk service" or "Intranet summary job".</summary>
    public string Name { get; set; } = "";
    /// <summary><c>admin</c>, <c>registrator</c>, <c>auditor</c> or <c>system</c>.</summary>
    public ClientRole? Role { get; set; }
    /// <summary>Required for a registrator (one or more units, each covering the units below it); not allowed for other roles.</summary>
    public List<long>? UnitIds { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200).VisibleName();
            RuleFor(x => x.Role).NotNull().IsInEnum();
            RuleFor(x => x.UnitIds).NotEmpty().When(x => x.Role == ClientRole.Registrator)
                .WithMessage("A registrator needs at least one unit in unitIds.");
            RuleFor(x => x.UnitIds).Empty().When(x => x.Role is not null && x.Role != ClientRole.Registrator)
                .WithMessage("Only registrators are bound to units; other roles see every unit.");
            RuleForEach(x => x.UnitIds).GreaterThan(0);
            RuleFor(x => x.UnitIds).MaxItems(500);
        }
    }
}
