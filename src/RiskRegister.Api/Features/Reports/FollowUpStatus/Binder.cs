namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

/// <summary>
/// The query taken without FastEndpoints' general binder, which looks up its sources and parsers on every request: only
/// in the plain form (no body type; the documented names, each once, each ASCII digits, <see cref="PlainNumber"/>). Any
/// other query goes to that binder, so what it answers (a malformed value's 400, another spelling of a name) stays its own.
/// </summary>
internal sealed class Binder : RequestBinder<Request>
{
    public override ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct) =>
        ctx.HttpContext.Request.ContentType is null && Plain(ctx.HttpContext.Request.Query) is { } request
            ? ValueTask.FromResult(request)
            : base.BindAsync(ctx, ct);

    /// <summary>The request of a plain query, or null for FastEndpoints' binder.</summary>
    internal static Request? Plain(IQueryCollection query)
    {
        var request = new Request();
        foreach (var (name, values) in query)
        {
            if (values.Count != 1) return null;
            var text = values[0];
            switch (name)
            {
                case "year" when PlainNumber.TryInt32(text, out var year): request.Year = year; break;
                case "unitId" when PlainNumber.TryInt64(text, out var unitId): request.UnitId = unitId; break;
                case "limit" when PlainNumber.TryInt32(text, out var limit): request.Limit = limit; break;
                case "cursor" when PlainNumber.TryInt64(text, out var cursor): request.Cursor = cursor; break;
                default: return null;
            }
        }
        return request;
    }
}
