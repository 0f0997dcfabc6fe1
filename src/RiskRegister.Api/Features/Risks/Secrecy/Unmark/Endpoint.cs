namespace RiskRegister.Api.Features.Risks.Secrecy.Unmark;

/// <summary>Removes a risk's secrecy marking.</summary>
public sealed class Request
{
    /// <summary>The risk's id.</summary>
    public long Id { get; set; }
}

/// <summary>Removes a risk's secrecy marking, in any plan status.</summary>
[OperationId("UnmarkRiskSecret")]
public sealed class Endpoint(Db db) : SecrecyEndpoint<Request>(db)
{
    public override void Configure()
    {
        Delete("/risks/{id}/secrecy");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a risk's secrecy marking";
            s.Description = "Removes the marking, in any plan status: every reader then gets the risk in full. Send the risk's `ETag` as `If-Match`. A risk without a marking is answered as it is.";
        });
        Description(d => d.Ok<RiskView>().WithETag().IfMatch().Problems(404), clearDefaults: true);
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        ApplyAsync(req.Id, SecrecyRules.Unmarking, ct);
}

