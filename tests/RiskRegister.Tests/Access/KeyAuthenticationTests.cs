using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using RiskRegister.Api.Auth;

namespace RiskRegister.Tests.Access;

/// <summary>
/// A request whose only credential is a remembered API key is given its caller without ASP.NET's authentication
/// middleware (<see cref="KeyAuthentication"/>): the same principal, ticket and features as that middleware gives it;
/// every other request is left to the middleware.
/// </summary>
public sealed class KeyAuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpContext Context(IServiceScope scope, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Path = "/api/v1/risks/1";
        context.Request.PathBase = "/base";
        foreach (var (name, value) in headers) context.Request.Headers.Append(name, value);
        return context;
    }

    [Fact]
    public async Task A_remembered_key_alone_is_admitted_as_the_middleware_admits_it_and_everything_else_is_left_to_it()
    {
        (await api.Admin().GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);   // the admin's key remembered
        var cache = api.Services.GetRequiredService<ApiKeyCache>();
        var schemes = api.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var cases = new (string Name, (string, string)[] Headers, bool Shortcut)[]
        {
            ("remembered key", [("X-Api-Key", ApiFixture.AdminKey)], true),
            ("remembered key with spaces", [("X-Api-Key", "  " + ApiFixture.AdminKey + " ")], true),
            ("unknown key", [("X-Api-Key", "not-a-key-of-anyone-0123456789")], false),
            ("empty key", [("X-Api-Key", "")], false),
            ("blank key", [("X-Api-Key", "   ")], false),
            ("no key", [], false),
            ("key beside Basic", [("X-Api-Key", ApiFixture.AdminKey), ("Authorization", "Basic YTpi")], false),
            ("key beside a bearer token", [("X-Api-Key", ApiFixture.AdminKey), ("Authorization", "Bearer not.a.token")], false),
        };
        foreach (var (name, headers, shortcut) in cases)
        {
            using var scope = api.Services.CreateScope();
            var full = Context(scope, headers);
            HttpContext? passed = null;
            await new AuthenticationMiddleware(c => { passed = c; return Task.CompletedTask; }, schemes).Invoke(full);
            passed.ShouldBeSameAs(full, name);

            var ours = Context(scope, headers);
            var principal = KeyAuthentication.Remembered(ours, cache);
            (principal is not null).ShouldBe(shortcut, name);
            if (principal is null) continue;
            HttpContext? admitted = null;
            await KeyAuthentication.Admit(ours, principal, c => { admitted = c; return Task.CompletedTask; });
            admitted.ShouldBeSameAs(ours, name);

            ours.User.ShouldBeSameAs(full.User, name);
            var (theirs, mine) = (full.Features.Get<IAuthenticateResultFeature>()!.AuthenticateResult!, ours.Features.Get<IAuthenticateResultFeature>()!.AuthenticateResult!);
            mine.Succeeded.ShouldBe(theirs.Succeeded, name);
            mine.Principal.ShouldBeSameAs(theirs.Principal, name);
            mine.Ticket!.AuthenticationScheme.ShouldBe(theirs.Ticket!.AuthenticationScheme, name);
            mine.Properties!.Items.ShouldBe(theirs.Properties!.Items, name);
            ours.Features.Get<IHttpAuthenticationFeature>()!.User.ShouldBeSameAs(full.Features.Get<IHttpAuthenticationFeature>()!.User, name);
            var (path, myPath) = (full.Features.Get<IAuthenticationFeature>()!, ours.Features.Get<IAuthenticationFeature>()!);
            (myPath.OriginalPath, myPath.OriginalPathBase).ShouldBe((path.OriginalPath, path.OriginalPathBase), name);
        }
    }

    /// <summary>The authentications ASP.NET makes in a host: its own meter, that host's meters only (their scope is its factory).</summary>
    private sealed class AuthenticationCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _asked;

        public AuthenticationCount(IServiceProvider services)
        {
            var meters = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "aspnetcore.authentication.authenticate.duration") l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _asked));
            _listener.Start();
        }

        public int Asked => Volatile.Read(ref _asked);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The authentications ASP.NET makes for the admin's request once its key is remembered (by a first request).</summary>
    private static async Task<int> AskedForARememberedKeyAsync(ApiFixture service, AuthenticationCount count)
    {
        var admin = service.Admin();
        // On PostgreSQL keys are remembered only once the listener for revocations is connected (ApiKeyCache.Resume),
        // which a loaded machine may take a moment to do after the start.
        var cache = service.Services.GetRequiredService<ApiKeyCache>();
        for (var waited = 0; !cache.Trusted && waited < 200; waited++) await Task.Delay(50);
        cache.Trusted.ShouldBeTrue();
        (await admin.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);   // now remembered
        var before = count.Asked;
        (await admin.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return count.Asked - before;
    }

    [Fact]
    public async Task The_service_asks_ASP_NETs_authentication_for_every_request_but_one_with_a_remembered_key_alone()
    {
        using var count = new AuthenticationCount(api.Services);
        (await AskedForARememberedKeyAsync(api, count)).ShouldBe(0);
        var before = count.Asked;
        (await api.WithKey("wrong-key-0123456789abcdef").GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        count.Asked.ShouldBeGreaterThan(before);
    }

    /// <summary>The service with the key handler's debug log on.</summary>
    private sealed class DebugLogApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("Logging:LogLevel:" + typeof(ApiKeyAuthentication).FullName, "Debug")];
    }

    [Fact]
    public async Task With_the_key_handlers_debug_log_on_even_a_remembered_key_goes_through_ASP_NETs_authentication()
    {
        // ASP.NET's handler logs each authentication at debug level; the shortcut would leave those lines out.
        await using var debug = new DebugLogApi();
        await debug.InitializeAsync();
        using var count = new AuthenticationCount(debug.Services);
        (await AskedForARememberedKeyAsync(debug, count)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Requests_with_and_without_a_remembered_key_are_answered_as_before()
    {
        var admin = api.Admin();
        (await admin.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.OK);   // now remembered
        (await api.WithKey("wrong-key-0123456789abcdef").GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.WithKey(null).GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
