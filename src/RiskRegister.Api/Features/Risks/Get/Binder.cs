namespace RiskRegister.Api.Features.Risks.Get;

/// <summary>
/// The risk's id taken from the route without FastEndpoints' general binder, which looks up its sources and parsers on
/// every request: only in the plain form (no body type, no query, the id ASCII digits, <see cref="PlainNumber"/>). Any
/// other request goes to that binder, so what it answers (a malformed id's 400, an id in the query) stays its own.
/// </summary>
internal sealed class Binder : RequestBinder<Request>
{
    public override ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var request = ctx.HttpContext.Request;
        return request.ContentType is null && !request.QueryString.HasValue
            && request.RouteValues.TryGetValue("id", out var id) && PlainNumber.TryInt64(id as string, out var value)
            ? ValueTask.FromResult(new Request { Id = value })
            : base.BindAsync(ctx, ct);
    }
}
