using System.Net;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The problem types the service answers with (RFC 9457 <c>type</c>), one per status, and the short page each type URI
/// resolves to: <c>GET /problems/{name}</c>, without a key, cacheable. The type is the relative reference
/// <c>/problems/{name}</c>: RFC 9457 resolves it against the request's URI, so it leads to the page on whichever host
/// (and scheme) the client called, and stays one identifier in every environment — a host-built absolute URI would differ
/// between staging and production and would echo the client's Host header; <c>about:blank</c> would say nothing more
/// than the status.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "/problems/";

    /// <summary>Status → the type's name and what its page says.</summary>
    public static readonly IReadOnlyDictionary<int, (string Name, string Explanation)> ByStatus = new Dictionary<int, (string, string)>
    {
        [400] = ("invalid-request", "A parameter or a member of the body was refused: missing, of the wrong type, outside its limits or breaking a rule. `errors` names each field (`probability`, `risks[2].motivation`) and why. Correct the request and send it again."),
        [401] = ("unauthenticated", "No valid credentials: send the client's key in `X-Api-Key` (an admin creates keys with `POST /api/v1/clients`) or a bearer token from a configured identity provider. A revoked or unknown key is refused the same way."),
        [403] = ("forbidden", "The client's role, or its units, do not allow this operation on this resource. `GET /api/v1/me` shows the role and units."),
        [404] = ("not-found", "No such resource, or none the client may see. Also the answer for an address the service does not have."),
        [405] = ("method-not-allowed", "The address exists, but not with this HTTP method; `Allow` lists the ones it takes."),
        [406] = ("not-acceptable", "The operation cannot answer in any media type the `Accept` header asks for; `detail` lists those it can (JSON, and for some operations HTML, CSV, SVG or PDF). Leave `Accept` out, or ask for one of them."),
        [409] = ("conflict", "The resource's state forbids the change (an adopted plan's risks, a duplicate), or an `Idempotency-Key`'s first request is still being answered. `errors` names the rule."),
        [412] = ("precondition-failed", "The resource changed since the client read it: the `If-Match` ETag is stale. Read it again, apply the change to the current version, and send it with the new ETag."),
        [413] = ("too-large", "The request body is larger than the service accepts (`Limits:MaxRequestBodyBytes`; imports `Limits:MaxImportBytes`)."),
        [414] = ("uri-too-long", "The request's path and query are longer than the service accepts."),
        [415] = ("unsupported-media-type", "The body is not of the type the operation takes: send JSON in UTF-8 with `Content-Type: application/json` (an import takes the workbook's own type)."),
        [422] = ("unprocessable", "The request cannot be processed as sent: an `Idempotency-Key` used before with another request."),
        [429] = ("too-many-requests", "The client (or, without a key, the address) went over its limit: requests a minute (`RateLimit:PermitsPerMinute`) or changes a day (`RateLimit:WritesPerDay`). Wait the seconds in `Retry-After`."),
        [431] = ("headers-too-large", "The request's headers are larger than the service accepts."),
        [503] = ("unavailable", "The service cannot answer now: the database is unreachable, read-only or busy, or every place for a document is taken. `detail` says whether anything was stored; retry after `Retry-After` when it is sent."),
        [507] = ("storage-full", "The register's storage is full (the disk, or `Database:MaxSizeMegabytes`): nothing was stored. Reads go on; an operator frees or adds space."),
    };

    /// <summary>The type of a problem with <paramref name="status"/>: its page's address, or <c>about:blank</c> for a status without one.</summary>
    public static string For(int status) => ByStatus.TryGetValue(status, out var type) ? Prefix + type.Name : "about:blank";

    /// <summary><c>GET /problems/{name}</c>: a short HTML page for each type, the same for everyone (kept a day by any cache).</summary>
    public static WebApplication MapProblemTypes(this WebApplication app)
    {
        var pages = ByStatus.ToDictionary(t => t.Value.Name, t => Page(t.Key, t.Value.Explanation), StringComparer.Ordinal);
        app.MapGet(Prefix + "{name}", (string name, HttpContext context) =>
            {
                if (!pages.TryGetValue(name, out var page)) return ApiProblem.WriteAsync(context, StatusCodes.Status404NotFound, $"No problem type is named \"{name}\".");
                context.Response.Headers.CacheControl = "public, max-age=86400";
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(page);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static string Page(int status, string explanation) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(ApiProblem.TitleFor(status))} ({status})</title></head>
        <body>
        <h1>{WebUtility.HtmlEncode(ApiProblem.TitleFor(status))}</h1>
        <p>HTTP status <code>{status}</code>. {WebUtility.HtmlEncode(explanation)}</p>
        <p>The RiskRegister API answers this problem as <code>application/problem+json</code> (RFC 9457) with this page's address as <code>type</code>; <code>detail</code> and <code>errors</code> say what went wrong in the one request. The contract: <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        </body></html>
        """;
}
