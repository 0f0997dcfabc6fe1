using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Browser clients on other origins (configuration section <c>Cors</c>): <c>Cors:AllowedOrigins</c> lists them (none by
/// default: no browser page elsewhere may call the API). <c>*</c> allows every origin. Credentials (cookies, TLS client
/// certificates) are never allowed, with a list or a wildcard: the API uses no cookies, and a browser sends its bearer
/// token or key as a header, which needs none.
/// </summary>
public sealed class CorsSettings : ISettings
{
    public static string Section => "Cors";

    /// <summary>Origins such as <c>https://intern.region.se</c>, or <c>*</c> for any.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Reads the list as an array (<c>AllowedOrigins:0</c>, …) or as one comma-separated value (an environment variable).</summary>
    public static void Read(CorsSettings settings, IConfigurationSection section)
    {
        var child = section.GetSection(nameof(AllowedOrigins));
        var values = child.Value is { } single ? single.Split(',') : child.GetChildren().Select(c => c.Value ?? "");
        settings.AllowedOrigins = values.Select(v => v.Trim().TrimEnd('/')).Where(v => v.Length > 0).ToList();
    }

    public IEnumerable<string> Problems() =>
        AllowedOrigins.Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0))
            .Select(o => $"Cors:AllowedOrigins: \"{o}\" is no origin; give scheme, host and port only (https://intern.region.se), or * for any.");

    public void Configure(CorsOptions options) => options.AddDefaultPolicy(policy =>
    {
        if (AllowedOrigins.Count == 0) return;   // a policy that allows no origin: no CORS header is ever sent
        if (AllowedOrigins.Contains("*")) policy.AllowAnyOrigin();
        else policy.WithOrigins([.. AllowedOrigins]);
        policy.AllowAnyMethod().AllowAnyHeader().DisallowCredentials()
            .WithExposedHeaders("ETag", "Location", "Retry-After", "WWW-Authenticate")
            .SetPreflightMaxAge(TimeSpan.FromHours(1));
    });
}

public static class BrowserClients
{
    public static IServiceCollection AddBrowserClients(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((o, settings) => settings.Value.Configure(o));
        return services;
    }
}
