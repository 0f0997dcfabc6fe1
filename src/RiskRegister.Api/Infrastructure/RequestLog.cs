using System.Diagnostics;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// One log line per request: method, the operation's route template (never the raw URL: a key sent as
/// <c>?apiKey=…</c>, or pasted into a path, must not reach the log), status and duration. ASP.NET's own request lines
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) carry the full URL with its query string, so <see cref="Quiet"/>
/// keeps them below Information for every provider, also one an operator has turned up to Trace.
/// </summary>
public static partial class RequestLog
{
    // ASP.NET's request lines carry the URL; the router's Debug lines carry the path.
    private static readonly string[] HostingRequests = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing.Matching"];

    public static void Quiet(ILoggingBuilder logging)
    {
        foreach (var category in HostingRequests) logging.AddFilter(category, LogLevel.Warning);
        // A provider's own rule (Logging:Console:LogLevel:Default=Trace) outranks any rule without a provider, so the
        // same rule is added for each provider that has one of its own, after all configuration is read.
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (var provider in options.Rules.Select(r => r.ProviderName).Where(p => p is not null).Distinct().ToList())
            foreach (var category in HostingRequests)
                options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, null));
        });
    }

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RiskRegister.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try { await next(context); }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information)) Log(context, started);
            }
        });

        // Only when the line is written (Logging:LogLevel at Warning, as the benchmarks run): the route text costs every request otherwise.
        void Log(HttpContext context, long started)
        {
            // An answer the exception handler wrote has lost its endpoint; the handler's feature still knows it.
            var endpoint = context.GetEndpoint() ?? context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } pattern ? "/" + pattern.TrimStart('/') : "(no route)";
            Answered(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} answered {Status} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string route, int status, double elapsedMilliseconds);
}
