using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Auth;

namespace RiskRegister.Tests.Access;

/// <summary>
/// The authorization middleware's own evaluator (<see cref="RoleAuthorization"/>) lets through only what ASP.NET's
/// policy evaluation lets through, for every endpoint's policy and every kind of caller; the key scheme is the default
/// scheme itself, without a policy scheme choosing it on every request.
/// </summary>
public sealed class RoleAuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static ClaimsPrincipal Caller(string? role, string? authenticationType = ApiKeyAuthentication.SchemeName)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "someone") };
        if (role is not null) claims.Add(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>Anonymous, unauthenticated with a role claim, each role, a role unknown here, none, two identities.</summary>
    private static IEnumerable<(string Name, ClaimsPrincipal User)> Callers()
    {
        yield return ("anonymous", new ClaimsPrincipal(new ClaimsIdentity()));
        yield return ("no identity", new ClaimsPrincipal());
        yield return ("admin claim, not authenticated", Caller(Role.Admin, authenticationType: null));
        foreach (var role in new[] { Role.Admin, Role.Registrator, Role.Auditor, Role.System, "Admin", "reader", "" })
            yield return ("role " + role, Caller(role));
        yield return ("no role", Caller(null));
        yield return ("role on an unauthenticated second identity", new ClaimsPrincipal([
            new ClaimsIdentity([new Claim(ClaimTypes.Name, "x")], ApiKeyAuthentication.SchemeName),
            new ClaimsIdentity([new Claim(ClaimTypes.Role, Role.Admin)])]));
        yield return ("key principal", ApiKeyAuthentication.PrincipalOf(new ApiKeyCache.Client(7, "c", Role.Auditor, [1, 2])));
    }

    private async Task<List<(string Route, AuthorizationPolicy Policy)>> PoliciesAsync()
    {
        var provider = api.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var policies = new List<(string, AuthorizationPolicy)>();
        foreach (var endpoint in api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var policy = await AuthorizationPolicy.CombineAsync(provider,
                endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            if (policy is not null) policies.Add((endpoint.RoutePattern.RawText ?? endpoint.DisplayName ?? "?", policy));
        }
        return policies;
    }

    [Fact]
    public async Task Lets_through_only_what_ASP_NETs_own_evaluation_lets_through_for_every_endpoint_and_caller()
    {
        var policies = await PoliciesAsync();
        policies.Count.ShouldBeGreaterThan(50);
        await using var scope = api.Services.CreateAsyncScope();
        var general = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var decidedHere = 0;
        foreach (var (route, policy) in policies)
            foreach (var (name, user) in Callers())
            {
                var admitted = RoleAuthorization.Admits(policy, user);
                var aspNet = (await general.AuthorizeAsync(user, null, policy)).Succeeded;
                if (admitted) decidedHere++;
                // Never lets through a refused caller; and it decides every admitted caller of the endpoints' role policies itself.
                admitted.ShouldBe(aspNet, $"{route} for {name}");
            }
        decidedHere.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reading_a_risk_is_decided_by_the_services_own_evaluator_and_refusals_by_ASP_NETs()
    {
        api.Services.GetRequiredService<IPolicyEvaluator>().ShouldBeOfType<RoleAuthorization>();
        var (_, policy) = (await PoliciesAsync()).Single(p => p.Route.EndsWith("risks/{id}", StringComparison.Ordinal) && p.Policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Single().AllowedRoles.Count() == Role.Readers.Length);
        RoleAuthorization.Admits(policy, Caller(Role.Auditor)).ShouldBeTrue();
        RoleAuthorization.Admits(policy, Caller(Role.System)).ShouldBeFalse();
        RoleAuthorization.Admits(policy, new ClaimsPrincipal(new ClaimsIdentity())).ShouldBeFalse();
    }

    [Fact]
    public async Task A_keys_principal_remembers_the_policies_it_met_and_not_those_it_did_not()
    {
        // A key's principal keeps the policies it met, so the same endpoint's policy is not decided again; a policy it
        // failed is decided every time, and each answer is still ASP.NET's.
        var policies = await PoliciesAsync();
        await using var scope = api.Services.CreateAsyncScope();
        var general = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        foreach (var role in new[] { Role.Admin, Role.Registrator, Role.Auditor, Role.System })
        {
            var principal = ApiKeyAuthentication.PrincipalOf(new ApiKeyCache.Client(7, "c", role, [1]))
                .ShouldBeOfType<RiskRegister.Api.Auth.Caller.Principal>();
            var met = 0;
            foreach (var (route, policy) in policies)
            {
                var aspNet = (await general.AuthorizeAsync(principal, null, policy)).Succeeded;
                RoleAuthorization.Admits(policy, principal).ShouldBe(aspNet, $"{route} for {role}");
                if (aspNet)
                {
                    principal.Met(policy).ShouldBeTrue($"{route} for {role}");
                    met++;
                }
                else principal.Met(policy).ShouldBeFalse($"{route} for {role}");
                RoleAuthorization.Admits(policy, principal).ShouldBe(aspNet, $"{route} for {role}, again");
            }
            met.ShouldBeGreaterThan(0, role);
        }
    }

    [Fact]
    public void A_principal_that_knows_its_caller_knows_a_refusal_among_its_claims_too()
    {
        // UseTokenRefusals reads the refusal a known principal read once; it must be there whenever the claim is.
        var refused = new RiskRegister.Api.Auth.Caller.Principal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, Role.Admin), new Claim(TokenAuthentication.RefusalClaim, "why")], "test"));
        refused.Refusal.ShouldNotBeNull().Value.ShouldBe("why");
        ApiKeyAuthentication.PrincipalOf(new ApiKeyCache.Client(7, "c", Role.Admin, [])).ShouldBeOfType<RiskRegister.Api.Auth.Caller.Principal>().Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task The_key_scheme_is_the_default_scheme_and_forwards_bearer_tokens_itself()
    {
        var schemes = api.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = (await schemes.GetDefaultAuthenticateSchemeAsync()).ShouldNotBeNull();
        scheme.Name.ShouldBe(ApiKeyAuthentication.SchemeName);
        scheme.HandlerType.ShouldBe(typeof(ApiKeyAuthentication));
        (await schemes.GetDefaultChallengeSchemeAsync())!.Name.ShouldBe(ApiKeyAuthentication.SchemeName);
        (await schemes.GetAllSchemesAsync()).ShouldNotContain(s => s.HandlerType == typeof(PolicySchemeHandler));
        var options = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions>>().Get(ApiKeyAuthentication.SchemeName);
        options.ForwardDefaultSelector.ShouldNotBeNull();
    }
}
