using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace RiskRegister.Api.Infrastructure;

public static class ContentTypes
{
    /// <summary>
    /// Two rules about the <c>Content-Type</c> a request declares, before anything reads its body:
    /// <list type="bullet">
    /// <item>A request without a body has no content type to honour. curl users, proxies and many HTTP libraries send
    /// <c>Content-Type: application/json</c> on every request; without this, FastEndpoints would try to read JSON from
    /// the empty body of a GET or DELETE (or a POST that takes none, such as closing a plan) and answer 400.
    /// Operations that take a body keep the header, so an empty body there is still <c>400</c> naming the body.</item>
    /// <item>JSON is UTF-8 (RFC 8259): a body in any other declared charset, or one nobody knows (<c>charset=bogus</c>,
    /// which would otherwise fail deep in the reader as a 500), is <c>415</c>.</item>
    /// </list>
    /// </summary>
    public static IApplicationBuilder UseContentTypeRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var takesJson = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null;
            var hasBody = request.ContentLength > 0
                || request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };
            if (request.ContentType is null && takesJson && hasBody)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The body has no Content-Type; send application/json.");
                return;
            }
            if (request.ContentType is { } declared)
            {
                if (!takesJson
                    && (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }))
                    request.ContentType = null;
                else if (!MediaTypeHeaderValue.TryParse(declared, out var type))
                {
                    await ApiProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The Content-Type header cannot be read; send application/json.");
                    return;
                }
                else if (HeaderUtilities.RemoveQuotes(type.Charset) is { Length: > 0 } charset
                         && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    await ApiProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                        $"Bodies are JSON in UTF-8; the charset {charset.Value} is not accepted.");
                    return;
                }
            }
            await next(context);
        });
}
