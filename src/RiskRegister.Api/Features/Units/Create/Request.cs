namespace RiskRegister.Api.Features.Units.Create;

public sealed class Request
{
    /// <summary>The unit's name.</summary>
    public string Name { get; set; } = "";
    /// <summary><c>board</c> (nämnd), <c>administration</c> (förvaltning) or <c>department</c> (verksamhetsområde, område, enhet).</summary>
    public UnitKind? Kind { get; set; }
    /// <summary>The unit above: a förvaltning's nämnd; a department's förvaltning or department (required for a department).</summary>
    public long? ParentId { get; set; }
    /// <summary>The unit's id in another register, e.g. its HSA id; unique.</summary>
    public string? ExternalId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200).VisibleName();
            RuleFor(x => x.Kind).NotNull().IsInEnum();
            RuleFor(x => x.ParentId).GreaterThan(0).When(x => x.ParentId is not null);
            RuleFor(x => x.ParentId).NotNull().When(x => x.Kind == UnitKind.Department)
                .WithMessage("A department needs a parent: a förvaltning (administration) or a department.");
            RuleFor(x => x.ExternalId).MaximumLength(100).NotEmpty().When(x => x.ExternalId is not null)
                .WithMessage("externalId, when given, must not be blank (at most 100 characters).");
        }
    }
}
