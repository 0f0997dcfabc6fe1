namespace RiskRegister.Api.Features.Units;

/// <summary>A nämnd (<c>board</c>) or förvaltning (<c>administration</c>).</summary>
public sealed class UnitView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The unit's name, e.g. "Digitalisering IT och MT".</summary>
    public string Name { get; init; } = "";
    /// <summary><c>board</c> for a nämnd, <c>administration</c> for a förvaltning; plans belong to administrations.</summary>
    public UnitKind Kind { get; init; }
    /// <summary>The nämnd a förvaltning answers to.</summary>
    public long? ParentId { get; init; }
    /// <summary>When the unit was created (UTC).</summary>
    [Timestamp] public string CreatedAt { get; init; } = "";

    internal const string Columns = "id AS Id, name AS Name, kind AS Kind, parent_id AS ParentId, created_at AS CreatedAt";
}
