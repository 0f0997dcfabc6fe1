using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Plans.List;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.MatrixSvg;
using RiskRegister.Api.Features.Reports.Summary;

namespace RiskRegister.Api.Features.Public;

public sealed class ListRequest : PageQuery
{
    /// <summary>Only this förvaltning's plans.</summary>
    [QueryParam] public long? UnitId { get; set; }
    /// <summary>Only plans for this year.</summary>
    [QueryParam] public int? Year { get; set; }

    internal sealed class Validator : Validator<ListRequest>
    {
        public Validator() => this.AddPagingRules();
    }
}

/// <summary>The adopted and closed plans anyone may read, without a key.</summary>
public sealed class List(Db db, IOptions<PublicSettings> settings) : Endpoint<ListRequest, Plans.List.Response>
{
    public override void Configure()
    {
        Get("/public/plans");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the adopted and closed plans, without a key (when Public:Enabled)";
            s.Description = "The plans anyone may read under offentlighetsprincipen: adopted and closed, never drafts, a page at a time. Without a key; `404` unless `Public:Enabled`; rate-limited per address (`Public:PermitsPerMinute`).";
        });
        Description(d => d.Ok<Plans.List.Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(ListRequest req, CancellationToken ct)
    {
        if (!settings.Value.Enabled) ThrowError("Not found.", 404);
        var limit = req.Take;
        await using var connection = await db.OpenAsync(ct);
        var items = (await connection.QueryAsync<PlanListItem>(new CommandDefinition("""
            SELECT p.id AS Id, p.unit_id AS UnitId, u.name AS UnitName, p.year AS Year, p.title AS Title, p.status AS Status,
                   p.decision_date AS DecisionDate, (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id) AS RiskCount
            FROM plans p JOIN units u ON u.id = p.unit_id
            WHERE p.status IN ('adopted', 'closed')
              AND (@unitId IS NULL OR p.unit_id = @unitId)
              AND (@year IS NULL OR p.year = @year)
              AND p.id > @cursor
            ORDER BY p.id
            LIMIT @take
            """, new { unitId = req.UnitId, year = req.Year, cursor = req.Cursor ?? 0, take = limit + 1 }, cancellationToken: ct))).ToList();
        var hasMore = items.Count > limit;
        if (hasMore) items.RemoveAt(items.Count - 1);
        await Send.OkAsync(new Plans.List.Response { Items = items, NextCursor = hasMore ? items[^1].Id : null }, ct);
    }
}

/// <summary>The public excerpt of an adopted or closed plan: its summary with every marked risk redacted.</summary>
public sealed class Summary(Db db, DocumentGate gate, TimeProvider time, AdoptionPolicy adoption, IOptions<PublicSettings> settings)
    : Endpoint<Reports.Summary.Request, Reports.Summary.Response>
{
    public override void Configure()
    {
        Get("/public/plans/{id}/summary");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the excerpt of an adopted or closed plan, marked risks redacted: JSON, or a printable Swedish document for Accept: text/html";
            s.Description = "The summary of an adopted or closed plan as anyone may read it: every risk marked secret in its redacted form (title `Sekretessmarkerad risk`, its ground, its values; no other text). The matrix and the counts include the marked risks. Drafts are `404`. Without a key; `404` unless `Public:Enabled`; rate-limited per address.";
        });
        Description(d => d.Ok<Reports.Summary.Response>("text/html").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Reports.Summary.Request req, CancellationToken ct)
    {
        if (!settings.Value.Enabled) ThrowError("Not found.", 404);
        var html = Negotiation.Pick(HttpContext.Request, Negotiation.Json, Negotiation.Html) == Negotiation.Html;
        HttpContext.Response.Headers.Vary = "Accept";
        await using var document = await SummaryDocument.BuildAsync(gate, db, adoption, HttpContext.RequestServices, req.Id, Disclosure.Redacted, html,
            plan => PublicSettings.Publishable(plan.Status), time.GetUtcNow(), ct);
        if (document is null) ThrowError(r => r.Id, $"No adopted plan {req.Id}.", 404);
        if (html) Negotiation.SetDocumentHeaders(HttpContext.Response);
        await Send.StreamAsync(document.Body, contentType: html ? "text/html; charset=utf-8" : "application/json; charset=utf-8", cancellation: ct);
    }
}

/// <summary>The public risk matrix of an adopted or closed plan (values are not secret: marked risks are counted).</summary>
public sealed class Matrix(Db db, AdoptionPolicy adoption, IOptions<PublicSettings> settings) : Endpoint<Reports.MatrixSvg.Request>
{
    public override void Configure()
    {
        Get("/public/plans/{id}/matrix.svg");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Public: the risk matrix of an adopted or closed plan as an SVG heat map (adopted values, or ?round=1|2|final)";
            s.Description = "The matrix of an adopted or closed plan, counting every risk (marked ones too: their values are not the secret). Drafts are `404`. Without a key; `404` unless `Public:Enabled`; rate-limited per address.";
        });
        Description(d => d.OkAs("image/svg+xml").Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Reports.MatrixSvg.Request req, CancellationToken ct)
    {
        if (!settings.Value.Enabled) ThrowError("Not found.", 404);
        await using var connection = await db.OpenAsync(ct);
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Disclosure.Redacted, ct);
        if (plan is null || !PublicSettings.Publishable(plan.Status)) ThrowError(r => r.Id, $"No adopted plan {req.Id}.", 404);
        Negotiation.SetDocumentHeaders(HttpContext.Response);
        await Send.StringAsync(MatrixPicture.OfPlan(plan, req.Round), 200, "image/svg+xml; charset=utf-8", ct);
    }
}
