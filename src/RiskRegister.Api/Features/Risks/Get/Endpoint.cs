namespace RiskRegister.Api.Features.Risks.Get;

public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, RiskView>
{
    public override void Configure()
    {
        Get("/risks/{id}");
        Roles(Role.Readers);
        RequestBinder(new Binder());
        Summary(s =>
        {
            s.Summary = "Read a risk with its activities and follow-ups";
            s.Description = "Reads a risk with its activities and both follow-ups. The `ETag` guards changes to the risk and its activities.";
        });
        Description(d => d.Ok<RiskView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var found = await RiskReader.LoadVisibleAsync(connection, null, req.Id, caller, ct);
        if (found is null) ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        ETags.Set(HttpContext, found.View.Version);
        JsonAnswer.Ok(HttpContext, found.Risk.IsRedactedFor(caller.Disclosure) ? RiskView.Of(SecrecyRules.Redact(found.Risk), found.Header.Plan.Scale) : found.View, RiskJson.Write);
    }
}
