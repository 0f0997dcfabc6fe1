namespace RiskRegister.Api.Features.Units.Create;

public sealed class Request
{
    /// <summary>The unit's name.</summary>
    public string Name { get; set; } = "";
    /// <summary><c>board</c> (nämnd) or <c>administration</c> (förvaltning).</summary>
    public UnitKind? Kind { get; set; }
    /// <summary>For a förvaltning: the id of its nämnd.</summary>
    public long? ParentId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200).VisibleName();
            RuleFor(x => x.Kind).NotNull().IsInEnum();
            RuleFor(x => x.ParentId).GreaterThan(0).When(x => x.ParentId is not null);
        }
    }
}
