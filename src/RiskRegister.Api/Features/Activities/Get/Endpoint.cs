using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Activities.Get;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
    /// <summary>The activity's id.</summary>
    public long ActivityId { get; set; }
}

/// <summary>The address <c>POST /risks/{id}/activities</c> answers in <c>Location</c>.</summary>
public sealed class Endpoint(Db db) : Endpoint<Request, ActivityView>
{
    public override void Configure()
    {
        Get("/risks/{id}/activities/{activityId}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read one activity of a risk";
            s.Description = "Reads an activity: its description, mätvärde (`measure`), tidplan (`due`), responsible and status. "
                + "The `ETag` is its risk's, which guards changes to the risk's activities.";
        });
        Description(d => d.Ok<ActivityView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var risk = await RiskHeader.LoadVisibleAsync(connection, null, req.Id, Caller.From(User), ct);
        if (risk is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        var activity = await ActivityReader.LoadAsync(connection, null, risk.Id, req.ActivityId, ct);
        if (activity is null) ThrowError(r => r.ActivityId, $"Risk {risk.Id} has no activity {req.ActivityId}.", 404);
        ETags.Set(HttpContext, risk.Version);
        await Send.OkAsync(activity, ct);
    }
}
