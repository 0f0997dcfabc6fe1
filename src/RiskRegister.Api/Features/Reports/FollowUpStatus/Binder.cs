namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

/// <summary>
/// The query taken without FastEndpoints' general binder, which looks up its sources and parsers on every request: only
/// in the plain form (no body type; the documented names, each once, each ASCII digits, <see cref="PlainNumber"/>). Any
/// other query goes to that binder, so what it answers (a malformed value's 400, another spelling of a name) stays its own.
/// </summary>
internal sealed class Binder : RequestBinder<Request>
{
    public override ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct) =>
        ctx.HttpContext.Request.ContentType is null && Plain(ctx.HttpContext.Request.QueryString) is { } request
            ? ValueTask.FromResult(request)
            : base.BindAsync(ctx, ct);

    /// <summary>
    /// The request of a plain query read from its text, without ASP.NET parsing it into a collection first: only
    /// <c>name=digits</c> pairs of the documented names, spelled exactly, each once, nothing to unescape and no empty
    /// part; null for anything else, which then goes to FastEndpoints' own binder. Whatever it takes,
    /// <see cref="Plain(IQueryCollection)"/> (what answered before, now the tests' yardstick) takes the same way, and
    /// FastEndpoints' binder binds the same (PlainBindingTests).
    /// </summary>
    internal static Request? Plain(QueryString query)
    {
        var request = new Request();
        var text = query.Value.AsSpan();
        if (text.IsEmpty) return request;
        if (text[0] != '?') return null;
        text = text[1..];
        var seen = 0;
        foreach (var range in text.Split('&'))
        {
            var part = text[range];
            var equals = part.IndexOf('=');
            if (equals <= 0) return null;
            var name = part[..equals];
            var value = part[(equals + 1)..];
            int bit;
            if (name.SequenceEqual("year") && PlainNumber.TryInt32(value, out var year)) { request.Year = year; bit = 1; }
            else if (name.SequenceEqual("unitId") && PlainNumber.TryInt64(value, out var unitId)) { request.UnitId = unitId; bit = 2; }
            else if (name.SequenceEqual("limit") && PlainNumber.TryInt32(value, out var limit)) { request.Limit = limit; bit = 4; }
            else if (name.SequenceEqual("cursor") && PlainNumber.TryInt64(value, out var cursor)) { request.Cursor = cursor; bit = 8; }
            else return null;
            if ((seen & bit) != 0) return null;
            seen |= bit;
        }
        return request;
    }

    /// <summary>The request of a plain query from ASP.NET's parsed collection, or null: what answered before <see cref="Plain(QueryString)"/>, kept as its yardstick (PlainBindingTests).</summary>
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
