using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RiskRegister.Api.Infrastructure;

/// <summary>Configuration section <c>RateLimit</c>.</summary>
public sealed class RateLimitSettings : ISettings
{
    public static string Section => "RateLimit";

    /// <summary>Requests each client (or, without a valid key, each remote address) may make per minute. 0 turns the limit off.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    public IEnumerable<string> Problems() =>
        PermitsPerMinute < 0 ? [$"RateLimit:PermitsPerMinute: {PermitsPerMinute} is below 0 (0 turns the limit off)."] : [];
}

public static class RateLimiting
{
    /// <summary>
    /// A fixed one-minute window per client. It runs after authentication so a known client is counted by its id
    /// (however many addresses it calls from), and anyone without a valid key by remote address — which also slows
    /// down guessing keys. <c>/health</c> is not limited: load balancers poll it. The public excerpt has a limit of its own,
    /// per address (<see cref="KeylessArea"/>: <c>Public:PermitsPerMinute</c>).
    /// </summary>
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // The public excerpt is read without a key: counted per address, against a limit of its own.
                if (Keyless(context) is { } keyless)
                    return keyless.PermitsPerMinute(context) <= 0
                        ? RateLimitPartition.GetNoLimiter("unlimited")
                        : RateLimitPartition.GetFixedWindowLimiter("public:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = keyless.PermitsPerMinute(context),
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        });
                var settings = Settings(context);
                if (settings.PermitsPerMinute <= 0 || context.Request.Path.StartsWithSegments("/health"))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                var clientId = context.User.FindFirst(Caller.ClientIdClaim)?.Value;
                // A person (or token client) signed in with a bearer token is counted as one caller per issuer and subject.
                var subject = context.User.FindFirst(Caller.SubjectClaim)?.Value;
                var partition = clientId is not null ? "client:" + clientId
                    : subject is not null ? "subject:" + context.User.FindFirst(Caller.IssuerClaim)?.Value + " " + subject
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var settings = Settings(context);
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, Keyless(context) is { } keyless
                    ? $"At most {keyless.PermitsPerMinute(context)} public requests a minute are accepted per address; try again in {seconds} s."
                    : $"At most {settings.PermitsPerMinute} requests a minute are accepted per client; try again in {seconds} s.");
            };
        });

    private static KeylessArea? Keyless(HttpContext context) =>
        context.RequestServices.GetService<KeylessArea>() is { } area && area.Holds(context) ? area : null;

    // Read per request (options are cached), so configuration set by a test host applies too.
    private static RateLimitSettings Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitSettings>>().Value;
}
