namespace RiskRegister.Api.Features.Units.Change;

public sealed class Request
{
    /// <summary>The unit's id.</summary>
    public long Id { get; set; }
    /// <summary>A new name.</summary>
    public string? Name { get; set; }
    /// <summary>The unit to move under (its plans go with it). Moving a unit to the top is not offered.</summary>
    public long? ParentId { get; set; }
    /// <summary>The unit's id in another register, e.g. its HSA id; an empty string removes it.</summary>
    public string? ExternalId { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200).When(x => x.Name is not null);
            RuleFor(x => x.ParentId).GreaterThan(0).When(x => x.ParentId is not null);
            RuleFor(x => x.ExternalId).MaximumLength(100).When(x => x.ExternalId is not null);
        }
    }
}
