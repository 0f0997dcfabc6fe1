namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// The limits on a request's target and headers, answered as problem details. Kestrel answers its own limits with an
/// empty body, so its limits are set wider (<see cref="KestrelLineBytes"/>, <see cref="KestrelHeaderBytes"/>) and these
/// narrower ones are enforced here, where a problem can be written. Beyond Kestrel's, and for what Kestrel refuses to
/// parse at all (a NUL in the path, a malformed request line), the answer stays Kestrel's bare status.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest path and query accepted (browsers and proxies commonly stop at 8 KB too).</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>Most header bytes accepted (Kestrel's own default).</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int KestrelLineBytes = 64 * 1024, KestrelHeaderBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            // The target as sent (percent-escapes not yet decoded), in bytes.
            var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget
                ?? request.Path.Value + request.QueryString.Value;
            var target = System.Text.Encoding.UTF8.GetByteCount(raw);
            if (target > MaxTargetBytes)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status414UriTooLong,
                    $"The path and query are {target} bytes; at most {MaxTargetBytes} are accepted.");
                return;
            }
            var headers = 0L;
            foreach (var (name, values) in request.Headers)
                foreach (var value in values)
                    headers += name.Length + (value?.Length ?? 0) + 4;   // "name: value\r\n"
            if (headers > MaxHeaderBytes)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                    $"The request's headers are {headers} bytes; at most {MaxHeaderBytes} are accepted.");
                return;
            }
            await next(context);
        });
}
