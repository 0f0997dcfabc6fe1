using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RiskRegister.Api.Auth;

/// <summary>
/// The authorization middleware's policy evaluator, deciding the endpoints' own policies (an authenticated caller in
/// one of the endpoint's roles: FastEndpoints' <c>Roles(...)</c>) without ASP.NET's general machinery, which resolves an
/// authorization service, its handlers and a handler context on every request to run the same two checks.
/// Only a request those checks let through is decided here, and only when the policy holds nothing but those two
/// requirements and no authorization handler but ASP.NET's own is registered; every other request (a refusal, another
/// requirement, debug logging of the decision) goes to ASP.NET's <see cref="PolicyEvaluator"/>, so its 401 and 403
/// answers, and whatever a handler added later would decide, stay exactly as they were. <c>RoleAuthorizationTests</c>
/// checks every endpoint's policy against both evaluators (profile: bench/README.md, "The request pipeline and
/// read-risk's JSON (issue 28, fourth round)").
/// </summary>
public sealed class RoleAuthorization(IServiceProvider services, ILogger<DefaultAuthorizationService> decisions) : IPolicyEvaluator
{
    /// <summary>True when ASP.NET's own handler is the only one: then the requirements below mean only what they say.</summary>
    private readonly bool _onlyOwnHandlers = OnlyOwnHandlers(services);

    /// <summary>
    /// The caller the authentication middleware established, as ASP.NET's evaluator takes it for a policy naming no
    /// schemes of its own; anything else as ASP.NET's evaluator does it.
    /// </summary>
    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        policy.AuthenticationSchemes.Count == 0 && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { } established
            ? Task.FromResult(established)
            : General(context).AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource) =>
        _onlyOwnHandlers && !decisions.IsEnabled(LogLevel.Debug) && Admits(policy, context.User)
            ? Task.FromResult(PolicyAuthorizationResult.Success())
            : General(context).AuthorizeAsync(policy, authenticationResult, context, resource);

    /// <summary>
    /// True when every requirement is one this class knows and the user meets it, checked as ASP.NET's handlers check
    /// them (<see cref="DenyAnonymousAuthorizationRequirement"/>, <see cref="RolesAuthorizationRequirement"/>); false
    /// for anything else, which the general evaluator then decides.
    /// </summary>
    internal static bool Admits(AuthorizationPolicy policy, System.Security.Claims.ClaimsPrincipal? user)
    {
        // An API key's principal (shared by the key's requests, its claims fixed) remembers the policies it met: the
        // endpoints' policies are made once and kept, so the same one comes again (the roles are not listed again).
        if (user is Caller.Principal known)
        {
            if (known.Met(policy)) return true;
            if (!Decide(policy, user)) return false;
            known.Meets(policy);
            return true;
        }
        return Decide(policy, user);
    }

    private static bool Decide(AuthorizationPolicy policy, System.Security.Claims.ClaimsPrincipal? user)
    {
        var requirements = policy.Requirements;
        if (user is null || requirements.Count == 0) return false;
        for (var n = 0; n < requirements.Count; n++)
        {
            switch (requirements[n])
            {
                case DenyAnonymousAuthorizationRequirement:
                    if (user.Identity is null || !AnyAuthenticated(user)) return false;
                    break;
                case RolesAuthorizationRequirement roles:
                    if (!InAnyRole(user, roles.AllowedRoles)) return false;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static bool AnyAuthenticated(System.Security.Claims.ClaimsPrincipal user)
    {
        foreach (var identity in user.Identities)
            if (identity.IsAuthenticated) return true;
        return false;
    }

    private static bool InAnyRole(System.Security.Claims.ClaimsPrincipal user, IEnumerable<string> roles)
    {
        foreach (var role in roles)
            if (user.IsInRole(role)) return true;
        return false;
    }

    /// <summary>ASP.NET's evaluator, made as its own registration makes it: on the request's services.</summary>
    private static PolicyEvaluator General(HttpContext context) => new(context.RequestServices.GetRequiredService<IAuthorizationService>());

    private static bool OnlyOwnHandlers(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetServices<IAuthorizationHandler>().All(h => h is PassThroughAuthorizationHandler);
    }
}

public static class RoleAuthorizationRegistration
{
    /// <summary>ASP.NET's authorization, its policies decided by <see cref="RoleAuthorization"/> where it can.</summary>
    public static IServiceCollection AddRoleAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, RoleAuthorization>());
        return services;
    }
}
