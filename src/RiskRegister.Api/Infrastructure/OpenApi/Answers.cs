using Microsoft.AspNetCore.Http.Metadata;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>A response header an operation sends with one status (<c>ETag</c>, <c>Location</c>).</summary>
public sealed record ResponseHeader(int Status, string Name, string Description);

/// <summary>The operation's body is a file of this type (a workbook), not JSON; it has its own size limit.</summary>
public sealed record TakesFile(string ContentType);

/// <summary>The operation honours <c>If-Match</c>: a stale ETag is refused with <c>412</c>.</summary>
public sealed record HonoursIfMatch;

/// <summary>The operation's body may be left out (closure's optional decision).</summary>
public sealed record OptionalBody;

/// <summary>
/// What an operation answers, declared in its own <c>Configure()</c>:
/// <code>Description(d => d.Takes&lt;Request&gt;().Ok&lt;RiskView&gt;().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);</code>
/// The OpenAPI document is written from these declarations, and in tests every response is checked against them
/// (<see cref="StatusesOf"/>), so an endpoint cannot answer a status its declaration lacks.
/// What the pipeline answers for every operation (authentication, body size and type, rate limit) is added by
/// <see cref="PipelineStatuses"/> — one rule, not repeated in thirty endpoints.
/// </summary>
public static class Answers
{
    private const string Json = "application/json";

    /// <summary>The operation takes <typeparamref name="TRequest"/>'s body members as JSON (any other body type is <c>415</c>).</summary>
    public static RouteHandlerBuilder Takes<TRequest>(this RouteHandlerBuilder builder) where TRequest : notnull =>
        builder.Accepts<TRequest>(Json);

    /// <summary>The operation takes a file of <paramref name="contentType"/> as its body (anything else is <c>415</c>).</summary>
    public static RouteHandlerBuilder TakesFileOf(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new TakesFile(contentType));
    /// <summary>As <see cref="Takes{TRequest}"/>, for a body that may be left out.</summary>
    public static RouteHandlerBuilder TakesOptionally<TRequest>(this RouteHandlerBuilder builder) where TRequest : notnull =>
        builder.Accepts<TRequest>(Json).WithMetadata(new OptionalBody());

    /// <summary><c>200</c> with <typeparamref name="T"/> as JSON, and as each of <paramref name="alsoAs"/> (HTML, CSV, SVG) as text.</summary>
    public static RouteHandlerBuilder Ok<T>(this RouteHandlerBuilder builder, params string[] alsoAs)
    {
        // JSON last: ASP.NET's generator keeps one declaration per status, and the JSON one must be it (so its types
        // become named components); the document transformer adds the text forms beside it.
        foreach (var contentType in alsoAs) builder.Produces<string>(StatusCodes.Status200OK, contentType);
        return builder.Produces<T>(StatusCodes.Status200OK, Json);
    }

    /// <summary><c>200</c> with a body that is not JSON (an SVG picture).</summary>
    public static RouteHandlerBuilder OkAs(this RouteHandlerBuilder builder, string contentType) =>
        builder.Produces<string>(StatusCodes.Status200OK, contentType);

    /// <summary><c>201</c> with the created <typeparamref name="T"/> and its address in <c>Location</c>.</summary>
    public static RouteHandlerBuilder Created<T>(this RouteHandlerBuilder builder) =>
        builder.Produces<T>(StatusCodes.Status201Created, Json)
            .WithMetadata(new ResponseHeader(StatusCodes.Status201Created, "Location", "The created resource's address."));

    /// <summary><c>204</c>, no body.</summary>
    public static RouteHandlerBuilder NoContent(this RouteHandlerBuilder builder) => builder.Produces(StatusCodes.Status204NoContent);

    /// <summary>The success response carries the resource's <c>ETag</c>.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder)
    {
        foreach (var status in new[] { StatusCodes.Status200OK, StatusCodes.Status201Created })
            builder.WithMetadata(new ResponseHeader(status, "ETag", "The resource's version; send it back as `If-Match` to change it safely."));
        return builder;
    }

    /// <summary>The operation takes <c>If-Match</c> and answers <c>412</c> when it is stale.</summary>
    public static RouteHandlerBuilder IfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new HonoursIfMatch()).Problems(StatusCodes.Status412PreconditionFailed);

    /// <summary>Problem responses (<c>application/problem+json</c>) the operation itself answers.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>
    /// Statuses the pipeline may answer before or around any operation: <c>401</c>/<c>403</c> from authorization,
    /// <c>400</c> when a parameter or body cannot be bound, <c>415</c> for a body that is not JSON, <c>413</c> for a
    /// body over the limit (on any request: the limit reads Content-Length), <c>414</c> and <c>431</c> for a path and
    /// query or headers over theirs (<see cref="RequestLimits"/>), <c>429</c> from the rate limiter, which
    /// counts every operation but liveness (see <see cref="RateLimiting"/>), <c>406</c> for an <c>Accept</c> an operation
    /// with a body cannot answer (<see cref="Negotiation.UseAcceptRules"/>), and the store's own trouble:
    /// <c>503</c> (read-only, I/O error, busy) for any operation, <c>507</c> (full) for one that writes.
    /// </summary>
    public static IEnumerable<int> PipelineStatuses(string route, string verb, bool secured, bool hasParameters, bool hasBody, bool negotiates)
    {
        // An Accept the operation cannot answer (Negotiation.UseAcceptRules).
        if (negotiates) yield return 406;
        if (secured) { yield return 401; yield return 403; }
        if (hasParameters || hasBody) yield return 400;
        if (hasBody) yield return 415;
        yield return 413;
        yield return 414;
        yield return 431;
        if (RateLimited(route)) yield return 429;
        yield return 503;
        if (verb is not ("GET" or "HEAD")) yield return 507;
        // Idempotency-Key on a write (Idempotency): 400 for a malformed key, 409 while the first request's answer is
        // not kept, 422 for the key used with another request.
        if (secured && verb is "POST" or "PUT" or "PATCH" or "DELETE") { yield return 400; yield return 409; yield return 422; }
    }

    /// <summary>Every operation but liveness (<c>/health</c>) counts against the rate limit; see <see cref="RateLimiting.Exempt"/>.</summary>
    public static bool RateLimited(string route) => route.Trim('/') != "health";

    public static bool Secured(IEnumerable<object> metadata) => !metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();

    /// <summary>Every status an operation may answer: what it declares, and what the pipeline adds.</summary>
    public static IReadOnlySet<int> StatusesOf(RouteEndpoint endpoint, IServiceProvider services)
    {
        var statuses = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
        if (endpoint.Metadata.GetMetadata<EndpointDefinition>() is not { } definition) return statuses;
        var route = endpoint.RoutePattern.RawText ?? "";
        foreach (var verb in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
        {
            var shape = RequestShape.Of(definition, route, verb, services);
            var hasBody = RequestShape.HasBody(verb) && shape.Any(b => b.Source == Source.Body) || endpoint.Metadata.GetMetadata<TakesFile>() is not null;
            var hasParameters = shape.Any(b => b.Source is Source.Route or Source.Query or Source.Header);
            statuses.UnionWith(PipelineStatuses(route, verb, Secured(endpoint.Metadata), hasParameters, hasBody, Negotiation.Offered(endpoint).Count > 0));
        }
        return statuses;
    }
}
