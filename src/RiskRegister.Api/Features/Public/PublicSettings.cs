namespace RiskRegister.Api.Features.Public;

/// <summary>Configuration section <c>Public</c>: the public excerpt of adopted plans (offentlighetsprincipen).</summary>
public sealed class PublicSettings : ISettings
{
    public static string Section => "Public";

    /// <summary>Whether anyone may read adopted and closed plans without a key, marked risks redacted. Off: every public path is 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>Public requests each remote address may make per minute (separate from the clients' limit). 0 turns the limit off.</summary>
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>The path every public operation lives under.</summary>
    public const string Path = "/api/v1/public";

    /// <summary>What the public may read: the adopted and closed plans, never a draft.</summary>
    public static bool Publishable(PlanStatus status) => status != PlanStatus.Draft;

    public IEnumerable<string> Problems() =>
        PermitsPerMinute < 0 ? [$"Public:PermitsPerMinute: {PermitsPerMinute} is below 0 (0 turns the limit off)."] : [];
}

public static class PublicExcerpt
{
    /// <summary>The excerpt's settings, and its paths as the one part of the API read without a key.</summary>
    public static IServiceCollection AddPublicExcerpt(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSettings<PublicSettings>(configuration)
            .AddSingleton(new KeylessArea(PublicSettings.Path, context =>
                // Read per request (options are cached), so configuration set by a test host applies too.
                context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicSettings>>().Value.PermitsPerMinute));

    /// <summary>With the excerpt off, every public path is absent (404) for everyone, whatever operation it names.</summary>
    public static IApplicationBuilder UsePublicExcerptSwitch(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PublicSettings.Path)
                && !context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicSettings>>().Value.Enabled)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status404NotFound, "Not found.");
                return;
            }
            await next(context);
        });
}
