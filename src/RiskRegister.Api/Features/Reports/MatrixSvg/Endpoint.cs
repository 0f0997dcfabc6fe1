using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.MatrixSvg;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }

    /// <summary>
    /// Which values to draw: omitted for the adopted ones; <c>1</c> or <c>2</c> for that follow-up's (risks without it
    /// are left out); <c>final</c> for each risk's latest assessment (uppföljning 2, else 1, else adopted).
    /// </summary>
    [QueryParam, OneOf("1", "2", "final", Name = "MatrixRound")] public string? Round { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(x => x.Round).Must(r => r is null or "1" or "2" or "final").WithMessage("round must be 1, 2 or final.");
    }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/plans/{id}/matrix.svg");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The plan's risk matrix as an SVG heat map (adopted values, or ?round=1|2|final)";
            s.Description = "The plan's risk matrix as an SVG heat map with the number of risks per cell: adopted values, or those of `round` 1, 2 or `final`.";
        });
        Description(d => d.OkAs("image/svg+xml").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Caller.From(User).Disclosure, ct);
        if (plan is null || !Caller.From(User).CanSee(plan.UnitId))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        var svg = MatrixPicture.OfPlan(plan, req.Round);
        Negotiation.SetDocumentHeaders(HttpContext.Response);
        await Send.StringAsync(svg, 200, "image/svg+xml; charset=utf-8", ct);
    }
}
