using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace RiskRegister.Api.Auth;

/// <summary>
/// ASP.NET's authentication middleware, with one shortcut: a request whose only credential is an API key this instance
/// remembers (<see cref="ApiKeyCache"/>) is given that key's caller here, as the middleware would give it — the same
/// principal, ticket and features — without resolving the authentication service and making the key scheme's handler
/// for it. Every other request (no key, a key not remembered, any <c>Authorization</c> header, so every bearer token and
/// every 401) goes through ASP.NET's middleware as before, as does every request when the shortcut could differ from it:
/// a claims transformation of anyone else registered, or the key handler's debug log on.
/// </summary>
public static class KeyAuthentication
{
    public static IApplicationBuilder UseKeyAuthentication(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var cache = services.GetRequiredService<ApiKeyCache>();
        var schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        var plain = services.GetRequiredService<IClaimsTransformation>() is NoopClaimsTransformation
            && schemes.GetDefaultAuthenticateSchemeAsync().GetAwaiter().GetResult()?.Name == ApiKeyAuthentication.SchemeName
            && schemes.GetRequestHandlerSchemesAsync().GetAwaiter().GetResult().Any() is false;
        var handlerLog = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyAuthentication).FullName!);
        // As UseAuthentication marks it: otherwise WebApplication adds ASP.NET's middleware again in front of the pipeline.
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        return app.Use(next =>
        {
            var full = new AuthenticationMiddleware(next, schemes);
            return context => plain && !handlerLog.IsEnabled(LogLevel.Debug) && Remembered(context, cache) is { } principal
                ? Admit(context, principal, next)
                : full.Invoke(context);
        });
    }

    /// <summary>The principal of a request carrying only a remembered key (what the key handler would find), else null.</summary>
    internal static ClaimsPrincipal? Remembered(HttpContext context, ApiKeyCache cache)
    {
        var headers = context.Request.Headers;
        return !headers.ContainsKey("Authorization") && ApiKeyAuthentication.KeyOf(headers) is { } key
            ? ApiKeyAuthentication.Remembered(cache, key, out _)
            : null;
    }

    // As AuthenticationMiddleware.Invoke sets them for a successful default scheme.
    internal static Task Admit(HttpContext context, ClaimsPrincipal principal, RequestDelegate next)
    {
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature { OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase });
        var result = AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthentication.SchemeName));
        context.User = principal;
        var features = new Results(result);
        context.Features.Set<IHttpAuthenticationFeature>(features);
        context.Features.Set<IAuthenticateResultFeature>(features);
        return next(context);
    }

    /// <summary>ASP.NET's own pair of features (internal to it): setting the user forgets the result, as there.</summary>
    private sealed class Results(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private ClaimsPrincipal? _user = result.Principal;
        private AuthenticateResult? _result = result;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set { _result = value; _user = value?.Principal; }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set { _user = value; _result = null; }
        }
    }
}
