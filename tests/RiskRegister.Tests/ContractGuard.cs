using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RiskRegister.Api.Infrastructure.OpenApi;

namespace RiskRegister.Tests;

/// <summary>
/// Checks every response of every test against what its operation declares (<see cref="Answers.StatusesOf"/>, the
/// same declarations the OpenAPI document is written from): a status an endpoint answers but does not declare is a
/// contract violation, recorded here and failing the fixture that saw it.
/// </summary>
public sealed class ContractGuard : IStartupFilter
{
    public ConcurrentQueue<string> Violations { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                Check(context);
                return Task.CompletedTask;
            });
            await nextMiddleware(context);
            if (!context.Response.HasStarted) Check(context);
        });
        next(app);
    };

    private void Check(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { Metadata: var metadata } endpoint || metadata.GetMetadata<FastEndpoints.EndpointDefinition>() is null) return;
        var status = context.Response.StatusCode;
        if (status >= 500 || Answers.StatusesOf(endpoint, context.RequestServices).Contains(status)) return;
        Violations.Enqueue($"{context.Request.Method} {endpoint.RoutePattern.RawText} answered {status}, which it does not declare");
    }
}
