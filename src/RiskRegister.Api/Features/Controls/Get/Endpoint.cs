namespace RiskRegister.Api.Features.Controls.Get;

public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, ControlView>
{
    public override void Configure()
    {
        Get("/controls/{id}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read a kontrollmoment with its results";
            s.Description = "Reads a control: what is checked, method, frequency, scope, responsible, reported to, and its result at each follow-up. The `ETag` guards changes to it.";
        });
        Description(d => d.Ok<ControlView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var found = await ControlReader.LoadVisibleAsync(connection, null, req.Id, Caller.From(User), ct);
        if (found is null) ThrowError(r => r.Id, $"No control {req.Id}.", 404);
        ETags.Set(HttpContext, found.Control.Version);
        await Send.OkAsync(found.View, ct);
    }
}
