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

    /// <summary>
    /// Changes each client may store in 24 hours (its history entries), counted in the database, so across instances
    /// and restarts. 0 turns the budget off.
    /// </summary>
    public int WritesPerDay { get; set; } = 5000;

    public IEnumerable<string> Problems()
    {
        if (PermitsPerMinute < 0) yield return $"RateLimit:PermitsPerMinute: {PermitsPerMinute} is below 0 (0 turns the limit off).";
        if (WritesPerDay < 0) yield return $"RateLimit:WritesPerDay: {WritesPerDay} is below 0 (0 turns the budget off).";
    }
}

/// <summary>
/// The write budget (issue 22: at the per-minute limit one registrator could add ~65 GB a day): a client that has stored
/// <c>RateLimit:WritesPerDay</c> changes in the last 24 hours gets <c>429</c> with <c>Retry-After</c> (when its oldest
/// counted change leaves the window) for every further <c>POST</c>/<c>PUT</c>/<c>PATCH</c>/<c>DELETE</c>. Counted from
/// history (<c>ix_history_client_at</c>), so every instance sees the same count; writes racing the last permit may
/// each pass, so the count can end a few over. Replays of an <c>Idempotency-Key</c> are answered before it: they write nothing.
/// </summary>
public static class WriteBudget
{
    public static IApplicationBuilder UseWriteBudget(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            // A read is never counted: its settings are not looked up either.
            if ((HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
                && context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitSettings>>().Value.WritesPerDay is var budget && budget > 0
                && context.User.Identity?.IsAuthenticated == true && Caller.From(context.User) is var caller
                && (caller.ClientId > 0 || caller.Subject is not null))
            {
                var now = DateTimeOffset.UtcNow;
                var since = Clock.Text(now - TimeSpan.FromDays(1));
                await using var connection = await context.RequestServices.GetRequiredService<Db>().OpenAsync(context.RequestAborted);
                // A key's client is counted by its id; a person or system signed in with a token by issuer and subject.
                var (count, oldest) = await connection.QuerySingleAsync<(long, string?)>(new CommandDefinition(caller.ClientId > 0
                        ? "SELECT COUNT(*), MIN(at) FROM history WHERE client_id = @clientId AND at >= @since"
                        : "SELECT COUNT(*), MIN(at) FROM history WHERE issuer = @issuer AND subject = @subject AND at >= @since",
                    new { clientId = caller.ClientId, issuer = caller.Issuer, subject = caller.Subject, since }, cancellationToken: context.RequestAborted));
                if (count >= budget)
                {
                    var frees = oldest is null ? now.AddDays(1) : DateTimeOffset.Parse(oldest, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1);
                    var seconds = Math.Max(1, (long)Math.Ceiling((frees - now).TotalSeconds));
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    await ApiProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                        $"RateLimit:WritesPerDay: this client has stored {count} changes in the last 24 hours, the most accepted; the next is accepted in {seconds} s.",
                        new() { ["RateLimit:WritesPerDay"] = [$"At most {budget} changes per client in 24 hours."] });
                    return;
                }
            }
            await next(context);
        });
}

public static class RateLimiting
{
    /// <summary>
    /// A fixed one-minute window per client. It runs after authentication so a known client is counted by its id
    /// (however many addresses it calls from), and anyone without a valid key by remote address — which also slows
    /// down guessing keys. <c>/health</c> (liveness) is not limited: load balancers poll it (readiness is: <see cref="Exempt"/>). The public excerpt has a limit of its own,
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
                if (settings.PermitsPerMinute <= 0 || Exempt(context.Request.Path))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                return RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), WindowFor(settings));
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

    /// <summary>The caller a request is counted against: its API client, its token's issuer and subject, or its address.</summary>
    internal static string PartitionOf(HttpContext context)
    {
        // An API key's principal is shared by its requests (ApiKeyCache): its partition is built once.
        if (context.User is Caller.Principal { RateLimitPartition: { } known }) return known;
        var clientId = context.User.FindFirst(Caller.ClientIdClaim)?.Value;
        // A person (or token client) signed in with a bearer token is counted as one caller per issuer and subject.
        var subject = context.User.FindFirst(Caller.SubjectClaim)?.Value;
        return clientId is not null ? "client:" + clientId
            : subject is not null ? "subject:" + context.User.FindFirst(Caller.IssuerClaim)?.Value + " " + subject
            : "ip:" + context.Connection.RemoteIpAddress;
    }

    // One window factory per settings instance, not a closure per request (it runs only when a partition is first made).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RateLimitSettings, Func<string, FixedWindowRateLimiterOptions>> Windows = new();

    private static Func<string, FixedWindowRateLimiterOptions> WindowFor(RateLimitSettings settings) =>
        Windows.GetValue(settings, s => _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = s.PermitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>
    /// Liveness is never limited (a load balancer that polls it must not restart an instance for a limit). Readiness is,
    /// per address like every anonymous request: it runs a write probe, and an address polling it more than
    /// <c>RateLimit:PermitsPerMinute</c> times a minute (600 by default; a balancer polls a few) gets <c>429</c>.
    /// </summary>
    public static bool Exempt(PathString path) => path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.Equals("/health/", StringComparison.OrdinalIgnoreCase);

    private static KeylessArea? Keyless(HttpContext context) =>
        context.RequestServices.GetService<KeylessArea>() is { } area && area.Holds(context) ? area : null;

    // Read per request (options are cached), so configuration set by a test host applies too.
    private static RateLimitSettings Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitSettings>>().Value;
}
