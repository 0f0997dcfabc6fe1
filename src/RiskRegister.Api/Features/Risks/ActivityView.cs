namespace RiskRegister.Api.Features.Risks;

/// <summary>An aktivitet: what is done, how success is seen (mätvärde) and by when (tidplan).</summary>
public sealed class ActivityView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The risk the activity handles.</summary>
    public long RiskId { get; init; }
    /// <summary>What is done.</summary>
    public string Description { get; init; } = "";
    /// <summary>Mätvärde: how success is seen.</summary>
    public string Measure { get; init; } = "";
    /// <summary>Tidplan: when it is to be done.</summary>
    public DateOnly Due { get; init; }
    /// <summary>Who is responsible.</summary>
    public string? Responsible { get; init; }
    /// <summary>How far the activity has come.</summary>
    public HandlingStatus Status { get; init; }
    /// <summary>Brought over from last year's plan by its copy (an unfinished activity, or an improvement area of uppföljning 2), for the förvaltning to keep or remove.</summary>
    public bool CarriedOver { get; init; }

    public static ActivityView Of(RiskActivity activity) => new()
    {
        Id = activity.Id, RiskId = activity.RiskId, Description = activity.Description, Measure = activity.Measure,
        Due = activity.Due, Responsible = activity.Responsible, Status = activity.Status, CarriedOver = activity.CarriedOver,
    };
}
