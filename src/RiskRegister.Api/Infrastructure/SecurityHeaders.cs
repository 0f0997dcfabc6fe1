namespace RiskRegister.Api.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// For HTML (the printable plan): nothing may load from elsewhere, no scripts, no framing. Inline styles and
    /// data: images are what the generated documents use. An endpoint that needs more sets its own policy.
    /// </summary>
    public const string HtmlPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Headers a security office checks for. Harmless on JSON, so every response gets the basic ones;
    /// HTML and SVG (which browsers render and can script) also get a Content-Security-Policy.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var keyless = app.ApplicationServices.GetService<KeylessArea>();
        // One callback for every request, given the request as its state: no closure to allocate per request.
        Func<object, Task> setHeaders = state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            var type = context.Response.ContentType ?? "";
            if ((type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) || type.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase))
                && !headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = HtmlPolicy;
            // One URL answers differently by key (a marked risk in full for an auditor, redacted for a system
            // client): no shared cache may keep an answer to a key. The public excerpt may be kept, but asked again.
            if (!headers.ContainsKey("Cache-Control") && context.Request.Path.StartsWithSegments("/api"))
                headers.CacheControl = keyless?.Holds(context) == true ? "no-cache" : "private, no-cache";
            return Task.CompletedTask;
        };
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(setHeaders, context);
            return next(context);
        });
    }
}
