using Microsoft.Net.Http.Headers;

namespace RiskRegister.Api.Infrastructure;

/// <summary>Picks a representation from the <c>Accept</c> header; JSON when nothing else is asked for.</summary>
public static class Negotiation
{
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string Csv = "text/csv";
    public const string Svg = "image/svg+xml";

    /// <summary>
    /// The supported media type the client prefers (highest quality, then order given), or <c>application/json</c>
    /// when the header is missing, only has wildcards, or names nothing supported.
    /// </summary>
    public static string Pick(HttpRequest request, params string[] supported)
    {
        // What clients send most: one bare range that can only mean JSON, decided without parsing the header.
        if (request.Headers.Accept is { Count: 1 } one && one[0] is Json or "*/*") return Json;
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return Json;
        string? best = null;
        double bestQuality = 0;
        foreach (var range in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            var quality = range.Quality ?? 1;
            if (quality <= 0) continue;
            var type = range.MediaType.Value ?? "";
            var match = type is "*/*" or "application/*" ? Json : supported.FirstOrDefault(s => string.Equals(s, type, StringComparison.OrdinalIgnoreCase));
            if (match is not null && quality > bestQuality)
            {
                best = match;
                bestQuality = quality;
            }
        }
        return best ?? Json;
    }

    /// <summary>
    /// The media types an operation answers with (its declared <c>2xx</c> bodies), when it negotiates by <c>Accept</c>:
    /// empty for one without a body (<c>204</c>) and for the health checks, whose callers read only the status (a load
    /// balancer's odd <c>Accept</c> must never take an instance out).
    /// </summary>
    public static IReadOnlyList<string> Offered(Endpoint endpoint) => OfferedBy.GetValue(endpoint, ReadOffered);

    // An endpoint's metadata does not change once built; the 406 check asks on every request.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Endpoint, IReadOnlyList<string>> OfferedBy = new();

    private static IReadOnlyList<string> ReadOffered(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<EndpointDefinition>() is null || endpoint is RouteEndpoint { RoutePattern.RawText: var route }
            && (route ?? "").TrimStart('/').StartsWith("health", StringComparison.Ordinal)) return [];
        return endpoint.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>()
            .Where(p => p.StatusCode is >= 200 and < 300).SelectMany(p => p.ContentTypes).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Whether the <c>Accept</c> header (absent: anything) admits one of <paramref name="offered"/>; <c>*/*</c> and <c>type/*</c> count.</summary>
    public static bool Admits(HttpRequest request, IReadOnlyList<string> offered)
    {
        // Most callers send one bare media type (or none): decided without parsing the header into a list.
        if (request.Headers.Accept.Count == 0) return true;
        if (request.Headers.Accept is { Count: 1 } raw && raw[0] is { Length: > 0 } single && single.AsSpan().IndexOfAny(" \t,;") < 0
            && (single == "*/*" || Names(offered, single))) return true;
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return true;
        foreach (var range in accept)
        {
            if (range.Quality is <= 0) continue;
            var type = range.MediaType.Value ?? "";
            if (type == "*/*") return true;
            if (type.EndsWith("/*", StringComparison.Ordinal) && offered.Any(o => o.StartsWith(type[..^1], StringComparison.OrdinalIgnoreCase))) return true;
            if (offered.Any(o => string.Equals(o, type, StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    private static bool Names(IReadOnlyList<string> offered, string type)
    {
        for (var i = 0; i < offered.Count; i++)
            if (string.Equals(offered[i], type, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// <c>406</c> with a problem naming what the operation answers, for an <c>Accept</c> it cannot answer (<c>text/csv</c>
    /// of a JSON-only operation): a client asking for CSV must not take JSON for it. After authorization, so a caller
    /// without a key learns nothing about the operation.
    /// </summary>
    public static IApplicationBuilder UseAcceptRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint && Offered(endpoint) is { Count: > 0 } offered && !Admits(context.Request, offered))
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                    $"This operation answers {string.Join(", ", offered)}; the Accept header asks for none of them. Leave Accept out or ask for one of those.");
                return;
            }
            await next(context);
        });

    /// <summary>Whether a JSON-or-document operation answers its printable HTML document; its answers vary by <c>Accept</c>.</summary>
    public static bool PicksDocument(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        return Pick(context.Request, Json, Html) == Html;
    }

    /// <summary>The content type of a JSON-or-document answer; an HTML document gets <see cref="SetDocumentHeaders"/> too.</summary>
    public static string DocumentContentType(HttpResponse response, bool html)
    {
        if (!html) return "application/json; charset=utf-8";
        SetDocumentHeaders(response);
        return "text/html; charset=utf-8";
    }

    /// <summary>
    /// Documents the service generates may hold user text; these headers make sure a browser never runs or fetches
    /// anything from them (no scripts, no external assets) and never sniffs them into another type.
    /// </summary>
    public static void SetDocumentHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
