using Microsoft.AspNetCore.Http.Features;

namespace RiskRegister.Api.Infrastructure;

public static class EmptyBodies
{
    /// <summary>
    /// A request without a body has no content type to honour. curl users, proxies and many HTTP libraries send
    /// <c>Content-Type: application/json</c> on every request; without this, FastEndpoints would try to read JSON from
    /// the empty body of a GET or DELETE (or a POST that takes none, such as closing a plan) and answer 400.
    /// Operations that take a body keep the header, so an empty body there is still <c>400</c> naming the body.
    /// </summary>
    public static IApplicationBuilder UseNoContentTypeWithoutBody(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.ContentType is not null
                && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is null
                && (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }))
                request.ContentType = null;
            return next(context);
        });
}
