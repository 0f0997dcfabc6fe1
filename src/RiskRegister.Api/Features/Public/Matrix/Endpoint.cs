using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports.MatrixSvg;

namespace RiskRegister.Api.Features.Public.Matrix;

/// <summary>The public risk matrix of an adopted or closed plan (values are not secret: marked risks are counted).</summary>
[OperationId("GetPublicPlanMatrix")]
public sealed class Endpoint(Db db, AdoptionPolicy adoption) : Endpoint<Reports.MatrixSvg.Request>
{
    public override void Configure()
    {
        Get("/public/plans/{id}/matrix.svg");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the risk matrix of an adopted or closed plan as an SVG heat map (adopted values, or ?round=1|2|final)";
            s.Description = "The matrix of an adopted or closed plan, counting every risk (marked ones too: their values are not the secret); a plan under revision as adopted, without the open revision's proposals. Drafts are `404`. Without a key; `404` unless `Public:Enabled`; rate-limited per address.";
        });
        Description(d => d.OkAs("image/svg+xml").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Reports.MatrixSvg.Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Disclosure.Redacted, ct);
        if (plan is null || !PublicSettings.Publishable(plan.Status)) ThrowError(r => r.Id, $"No adopted plan {req.Id}.", 404);
        // A plan under revision counts as adopted: the open revision's proposals are not the public's yet.
        (plan, _) = await Revisions.AdoptedState.OfAsync(connection, plan, [], Disclosure.Redacted, ct);
        Negotiation.SetDocumentHeaders(HttpContext.Response);
        await Send.StringAsync(MatrixPicture.OfPlan(plan, req.Round), 200, "image/svg+xml; charset=utf-8", ct);
    }
}
