using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace RiskRegister.Api.Infrastructure;

public static class ErrorHandling
{
    /// <summary>
    /// Refuses oversized bodies before anything reads them: by Content-Length when it is sent, and through
    /// the server's body-size feature for chunked uploads (Kestrel then throws, which the exception handler maps to 413).
    /// </summary>
    /// An operation that takes a file (<see cref="TakesFile"/>: a workbook to import) has the limit <paramref name="maxFileBytes"/>, any other <paramref name="maxJsonBytes"/>.
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxJsonBytes, long maxFileBytes) =>
        app.Use(async (context, next) =>
        {
            var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<TakesFile>() is null ? maxJsonBytes : maxFileBytes;
            if (context.Request.ContentLength > maxBytes)
            {
                await ApiProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                    $"The body is {context.Request.ContentLength} bytes; at most {maxBytes} are accepted.");
                return;
            }
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
                feature.MaxRequestBodySize = maxBytes;
            await next(context);
        });

    /// <summary>Every failure leaves as problem details; a client's mistake is never a 500.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, detail) = AnswerFor(error, context);
            if (status == 503 || error is IdempotencyPendingException) context.Response.Headers.RetryAfter = "5";
            await ApiProblem.WriteAsync(context, status, detail, error is IdempotencyPendingException
                ? new() { [Idempotency.Header] = ["A request with this key is being processed or its answer was not kept."] } : null);
        }));
        // 401, 403, 404 and 405 from routing and authorization come without a body; give them one. Decided as ASP.NET's
        // status-code pages decide (an error status, nothing sent, no length, no type), without the feature object they
        // add to every request so that an endpoint may turn them off: none here does.
        app.Use(static (context, next) =>
        {
            var answered = next(context);
            return answered.IsCompletedSuccessfully ? GiveBody(context) : AfterAsync(answered, context);
        });
        return app;
    }

    private static async Task AfterAsync(Task answered, HttpContext context)
    {
        await answered;
        await GiveBody(context);
    }

    private static Task GiveBody(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.StatusCode is < 400 or >= 600 || response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType))
            return Task.CompletedTask;
        if (response.StatusCode == StatusCodes.Status401Unauthorized && response.Headers.WWWAuthenticate.Count == 0)
            response.Headers.WWWAuthenticate = Challenges(context);
        return response.ContentLength is null && response.ContentType is null ? ApiProblem.WriteAsync(context, response.StatusCode) : Task.CompletedTask;
    }

    /// <summary>
    /// A 401 names how to authenticate (RFC 9110 §11.6.1 requires a challenge): the API key's header, and bearer tokens
    /// when an identity provider is configured (a refused token gets RFC 6750's own challenge in TokenAuthentication).
    /// </summary>
    internal static string Challenges(HttpContext context)
    {
        const string key = $"ApiKey header=\"{RiskRegister.Api.Auth.ApiKeyAuthentication.Header}\"";
        var tokens = context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<RiskRegister.Api.Auth.TokenSettings>>()?.Value.Issuers.Count > 0;
        return tokens ? $"{key}, Bearer realm=\"RiskRegister\"" : key;
    }

    /// <summary>The status and detail an exception is answered with.</summary>
    internal static (int Status, string Detail) AnswerFor(Exception? error, HttpContext context) => error switch
    {
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 413 ? "The request body is too large." : "The request could not be read."),
        OperationCanceledException => (499, "The request was cancelled."),
        CommitOutcomeUnknownException => (503, CommitBroke),
        IdempotencyPendingException pending => (409, Idempotency.PendingDetail(pending.Key)),
        // A change of this request committed before the failure: "nothing was stored" would be untrue.
        _ when StoreTrouble(error) is { Status: 503 } && RequestWrites.Of(context) is { Committed: true } => (503, StoredThenFailed),
        _ when StoreTrouble(error) is { } trouble => (trouble.Status, trouble.Detail),
        _ => (500, "An unexpected error occurred. The trace id identifies it in the service's log."),
    };

    /// <summary>
    /// What the store's own failures mean to a client: nothing it sent was wrong, nothing was stored, and the service
    /// resumes by itself once the cause is gone (a transaction that failed is rolled back; the next one starts afresh).
    /// Null for a failure that is a defect (a 500).
    /// </summary>
    public static (int Status, string Detail)? StoreTrouble(Exception? error) => error switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            13 => Full,
            8 => (503, "The register's file is read-only: nothing was stored. Writes resume when it is writable again."),
            10 or 14 => (503, "The register's storage cannot be written (I/O error): nothing was stored. Try again."),
            5 or 6 => Busy,
            _ => null,
        },
        Npgsql.PostgresException postgres => postgres.SqlState switch
        {
            "53100" => Full,                                          // disk_full
            "25006" => (503, "The register's database is read-only (a standby, or read-only by its administrator): nothing was stored."),
            "40001" or "40P01" or "55P03" or "57014" => Busy,          // serialization, deadlock, lock timeout, statement timeout
            // A write that lost a race the row locks did not order (should none be missed): the other write won.
            "23505" => (409, "Another change to the same thing was stored at the same moment: nothing of yours was stored. Read it again and retry."),
            // the database closed to connections, gone, or the service's login refused: an operator's matter, not the client's
            "55000" or "3D000" or "28000" or "28P01" => Unreachable,
            var state when state.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections, memory)
                        || state.StartsWith("57P", StringComparison.Ordinal)   // the server shutting down or starting
                        || state.StartsWith("08", StringComparison.Ordinal)    // connection exceptions
                => Unreachable,
            _ => null,
        },
        // The database cannot be reached at all (refused, timed out, the pool exhausted): Npgsql's own, or its sockets'.
        Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } => Unreachable,
        Npgsql.NpgsqlException { IsTransient: true } => Unreachable,
        InvalidOperationException { InnerException: Npgsql.NpgsqlException inner } => StoreTrouble(inner),
        _ => null,
    };

    /// <summary>The connection broke during the commit (<see cref="CommitOutcomeUnknownException"/>).</summary>
    internal const string CommitBroke = "The connection to the register's database broke while your change was being committed: "
        + "the outcome is unknown, it may or may not have been stored. Check before sending it again: repeat the request with the "
        + "same Idempotency-Key (a stored change answers as it did, or 409 while its answer is not kept; one not stored is made "
        + "then), or read the resource or its list to see whether your change is there.";

    internal const string StoredThenFailed = "Your change was stored, but the register's database could not be reached to "
        + "finish the answer. Do not send it again: read the resource (or its list) to see it.";

    private static readonly (int, string) Full = (507, "The register's storage is full (disk or Database:MaxSizeMegabytes): nothing was stored. Writes resume when space is freed.");
    private static readonly (int, string) Busy = (503, "The register is busy: nothing was stored. Try again.");
    private static readonly (int, string) Unreachable = (503, "The register's database cannot be reached: nothing was stored. Try again.");
}
