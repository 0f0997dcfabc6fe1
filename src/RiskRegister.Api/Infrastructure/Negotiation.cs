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
