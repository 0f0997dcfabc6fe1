namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Names an endpoint's operation in the OpenAPI document (and so the method of generated clients) when the
/// name its feature folder gives (<c>Plans/Create</c> → <c>CreatePlan</c>) would not read well.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OperationIdAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
