using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Configuration section <c>Metrics</c>. .NET's host reads the same section for its own metrics rules
/// (<c>Metrics:EnabledMetrics</c>, <c>Metrics:&lt;listener&gt;:EnabledMetrics</c>); the keys here mean nothing to it, and
/// its keys would add meters to the ones chosen below.
/// </summary>
public sealed class MetricsSettings : ISettings
{
    public static string Section => "Metrics";

    /// <summary>Serve OpenTelemetry metrics for Prometheus at <c>/metrics</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Networks (CIDR, comma-separated or a list) that may scrape without a key; anyone else needs an admin key.</summary>
    public string AllowedNetworks { get; set; } = "";

    public IEnumerable<string> Problems() =>
        Networks().Where(n => !System.Net.IPNetwork.TryParse(n, out _))
            .Select(n => $"Metrics:AllowedNetworks: \"{n}\" is not a network (e.g. 10.0.0.0/8).");

    private IEnumerable<string> Networks() => AllowedNetworks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The networks, once <see cref="Problems"/> found none.</summary>
    public IReadOnlyList<System.Net.IPNetwork> Allowed() => Networks().Select(n => System.Net.IPNetwork.Parse(n)).ToList();
}

/// <summary>
/// Metrics for operators (<c>Metrics:Enabled=true</c>): ASP.NET Core's own request metrics
/// (<c>http_server_request_duration_seconds</c>, a histogram by route — the operation —, method and status), the
/// service's time in the database (<see cref="WriteDuration"/>), Npgsql's pool and command metrics on PostgreSQL,
/// and .NET's runtime meters, exported in Prometheus' text format at <c>/metrics</c>. The endpoint is not public: it
/// answers a scraper in <c>Metrics:AllowedNetworks</c>, or a request with an admin key.
/// </summary>
public static class Metrics
{
    public const string MeterName = "RiskRegister";
    private static readonly Meter Meter = new(MeterName);

    /// <summary>How long each write held its transaction (and on SQLite the writer's turn), by database.</summary>
    public static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "riskregister.database.write.duration", unit: "s", description: "Time from the start of a write transaction to its end (commit or rollback).");

    /// <summary>Webhook delivery attempts, by outcome (<c>delivered</c>, <c>retry</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "riskregister.webhook.deliveries", description: "Webhook delivery attempts, by outcome.");

    /// <summary>From an event's commit to its receiver's 2xx.</summary>
    public static readonly Histogram<double> WebhookLatency = Meter.CreateHistogram<double>(
        "riskregister.webhook.delivery.latency", unit: "s", description: "Time from the event's commit to its delivery (2xx).");

    public static IServiceCollection AddOperatorMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MetricsSettings>(configuration);
        // Registered always, listening only when enabled: the meters are chosen once the configuration is complete (a
        // host's own configuration may be added after these registrations), and a provider with no meter costs nothing.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        // The meters are chosen by rules of the host's metrics builder, not by the provider's AddMeter: ASP.NET Core makes
        // its meters per host (MeterScope.Local), and a provider listening by name alone reads every host's meter of
        // that name in the process as one stream, which ends for all when one host stops (tests run many hosts at once).
        services.AddOptions<MetricsOptions>().Configure<Microsoft.Extensions.Options.IOptions<MetricsSettings>>((options, settings) =>
        {
            if (!settings.Value.Enabled) return;
            foreach (var (meter, scope) in new[]
            {
                ("Microsoft.AspNetCore.Hosting", MeterScope.Local), ("Microsoft.AspNetCore.Server.Kestrel", MeterScope.Local),
                (MeterName, MeterScope.Global), ("Npgsql", MeterScope.Global), ("System.Runtime", MeterScope.Global),
            })
                options.Rules.Add(new InstrumentRule(meter, instrumentName: null, listenerName: "OpenTelemetry", scope, enable: true));
        });
        return services;
    }

    public static void MapOperatorMetrics(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsSettings>>().Value;
        if (!settings.Enabled) return;
        var allowed = settings.Allowed();
        app.UseWhen(context => context.Request.Path.Equals("/metrics", StringComparison.Ordinal), branch => branch.Use(async (context, next) =>
        {
            var from = context.Connection.RemoteIpAddress is { } address && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : context.Connection.RemoteIpAddress;
            if ((from is not null && allowed.Any(n => n.Contains(from))) || context.User.IsInRole(Role.Admin))
            {
                await next(context);
                return;
            }
            var status = context.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await ApiProblem.WriteAsync(context, status, "Metrics are for the register's operators: scrape from Metrics:AllowedNetworks, or send an admin key.");
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
    }

    /// <summary>Times a write from its start; <see cref="WriteScope"/> records it when disposed.</summary>
    internal static long Start() => Stopwatch.GetTimestamp();

    internal static void WriteEnded(long started, DatabaseProvider provider) =>
        WriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("db.system", provider == DatabaseProvider.Postgres ? "postgresql" : "sqlite"));
}
