namespace RiskRegister.Api.Features.Controls.Secrecy.Unmark;

/// <summary>Removes a control's own secrecy marking.</summary>
public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
}

/// <summary>Removes a control's own secrecy marking, in any plan status.</summary>
[OperationId("UnmarkControlSecret")]
public sealed class Endpoint(Db db) : ControlSecrecyEndpoint<Request>(db)
{
    public override void Configure()
    {
        Delete("/controls/{id}/secrecy");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Remove a kontrollmoment's own secrecy marking";
            s.Description = "Removes the control's own marking, in any plan status (a control of a marked risk stays redacted with its risk). Send the control's `ETag` as `If-Match`. A control without a marking is answered as it is.";
        });
        Description(d => d.Ok<ControlView>().WithETag().IfMatch().Problems(404), clearDefaults: true);
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        ApplyAsync(req.Id, SecrecyRules.Unmarking, ct);
}
