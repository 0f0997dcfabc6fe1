using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// What the writes of one request did, for its answers: whether a change committed (a later failure must not say
/// "nothing was stored"), and the <c>Idempotency-Key</c> it carries, which the write records in its own transaction.
/// Reached by the request's middleware through <see cref="HttpContext.Items"/> and by <see cref="WriteScope"/> through
/// <see cref="Current"/> (the endpoint runs in the request's async flow; background work has none).
/// </summary>
public sealed class RequestWrites
{
    private static readonly AsyncLocal<RequestWrites?> Flowing = new();
    internal const string ItemKey = "RiskRegister.RequestWrites";

    public static RequestWrites? Current => Flowing.Value;

    public static RequestWrites? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var writes) ? writes as RequestWrites : null;

    internal static RequestWrites Begin(HttpContext context, IdempotencyKey? key = null)
    {
        var writes = new RequestWrites { Key = key };
        context.Items[ItemKey] = writes;
        Flowing.Value = writes;
        return writes;
    }

    /// <summary>A change of this request committed.</summary>
    public bool Committed { get; internal set; }

    /// <summary>The request's key, when it sent one that was not used before.</summary>
    internal IdempotencyKey? Key { get; init; }

    /// <summary>Set when the key was written in a write's transaction (it then commits, or rolls back, with it).</summary>
    internal bool KeyRecorded { get; set; }
}

/// <summary>A client's <c>Idempotency-Key</c> and the request it came with (as a hash of method, path and body).</summary>
internal sealed record IdempotencyKey(long ClientId, string Key, string RequestHash);

/// <summary>A repeat of a request whose change was stored but whose answer is not (yet) kept: <c>409</c>.</summary>
public sealed class IdempotencyPendingException(string key) : Exception($"A request with Idempotency-Key '{key}' is being processed or its answer was not kept.")
{
    public string Key { get; } = key;
}

/// <summary>The database connection broke during a commit: the change may or may not have been stored (<c>503</c>).</summary>
public sealed class CommitOutcomeUnknownException(Exception inner) : Exception("The commit's outcome is unknown.", inner);

/// <summary>
/// Safe retries (api.md): a <c>POST</c>/<c>PUT</c>/<c>PATCH</c>/<c>DELETE</c> with <c>Idempotency-Key</c> whose change
/// committed keeps its first answer for <see cref="Kept"/> per client and key, in the database (so it holds across
/// instances and restarts). A repeat with the same method, path and body gets that answer again (with
/// <c>Idempotent-Replayed: true</c>) and writes nothing; another request with the same key is refused (<c>422</c>).
/// The key is written in the write's own transaction (<see cref="RecordAsync"/>), so two duplicates racing cannot both
/// write: the second finds the first's key and answers <c>409</c>, as does a repeat while the first's answer is not
/// yet kept. A request that stored nothing (a refusal, a <c>503</c> before its commit) keeps no answer: repeating it
/// runs it again.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    /// <summary>Larger answers are kept as their status and <c>Location</c> only (and replayed without a body).</summary>
    public const int MaxKeptBodyBytes = 64 * 1024;
    public static readonly TimeSpan Kept = TimeSpan.FromHours(24);

    private static bool Writes(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Null when <paramref name="key"/> is a usable key; else why not.</summary>
    public static string? Problem(string key) =>
        key.Length is 0 or > MaxKeyLength ? $"The {Header} header must be 1 to {MaxKeyLength} characters; it is {key.Length}."
        : key.Any(c => c is < ' ' or > '~') ? $"The {Header} header must be printable ASCII (space to ~)."
        : null;

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!Writes(context.Request.Method))
            {
                await next(context);
                return;
            }
            var headers = context.Request.Headers[Header];
            if (headers.Count == 0 || context.User.Identity?.IsAuthenticated != true)
            {
                RequestWrites.Begin(context);
                await next(context);
                return;
            }
            if (headers.Count > 1)
            {
                await ApiProblem.WriteAsync(context, 400, $"Send one {Header} header.", new() { [Header] = ["Send one key."] });
                return;
            }
            var key = headers[0]!;
            if (Problem(key) is { } problem)
            {
                await ApiProblem.WriteAsync(context, 400, problem, new() { [Header] = [problem] });
                return;
            }
            var caller = Caller.From(context.User);
            var clientId = caller.ClientId;
            // A person or system signed in with a token has no client row (client 0): their keys are kept under their
            // issuer and subject, so two people's keys never meet.
            var storedKey = clientId == 0 && caller.Subject is { } subject ? $"{caller.Issuer}\n{subject}\n{key}" : key;
            var hash = await RequestHashAsync(context.Request, context.RequestAborted);
            var db = context.RequestServices.GetRequiredService<Db>();
            var kept = await FindAsync(db, clientId, storedKey, context.RequestAborted);
            if (kept is not null)
            {
                if (!string.Equals(kept.RequestHash, hash, StringComparison.Ordinal))
                {
                    const string why = "This key was used with another request (method, path or body). Use a new key for a new request.";
                    await ApiProblem.WriteAsync(context, 422, $"{Header} '{key}': {why}", new() { [Header] = [why] });
                    return;
                }
                if (kept.Status is null)
                {
                    await WritePendingAsync(context, key);
                    return;
                }
                await ReplayAsync(context, kept);
                return;
            }

            var writes = RequestWrites.Begin(context, new IdempotencyKey(clientId, storedKey, hash));
            var original = context.Response.Body;
            await using var capture = new CapturingStream(original, MaxKeptBodyBytes);
            context.Response.Body = capture;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (writes.KeyRecorded && writes.Committed && context.Response.StatusCode < 500)
                await KeepAnswerAsync(context, db, writes.Key!, capture);
        });

    /// <summary>SHA-256 of method, path and query, and body: what "the same request" means for a key.</summary>
    internal static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal sealed record KeptAnswer(string RequestHash, long? Status, string? Location, string? ETag, string? ContentType, byte[]? Body);

    private static async Task<KeptAnswer?> FindAsync(Db db, long clientId, string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<KeptAnswer>(new CommandDefinition("""
            SELECT request_hash AS RequestHash, status AS Status, location AS Location, etag AS ETag, content_type AS ContentType, body AS Body
            FROM idempotency_keys WHERE client_id = @clientId AND idempotency_key = @key AND created_at >= @since
            """, new { clientId, key, since = Clock.Text(DateTimeOffset.UtcNow - Kept) }, cancellationToken: ct));
    }

    /// <summary>
    /// Records the request's key in <paramref name="transaction"/>, the write's own (called by <see cref="WriteScope"/>
    /// before it commits). A key another request recorded first (a duplicate racing this one) throws
    /// <see cref="IdempotencyPendingException"/>, and this write rolls back: only one of them writes. A key whose row
    /// is past <see cref="Kept"/> (not yet swept) is taken over.
    /// </summary>
    internal static async Task RecordAsync(RequestWrites writes, IDbConnection connection, IDbTransaction transaction, CancellationToken ct)
    {
        if (writes.Key is not { } key || writes.KeyRecorded) return;
        var recorded = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO idempotency_keys (client_id, idempotency_key, request_hash, created_at) VALUES (@clientId, @key, @hash, @now)
            ON CONFLICT (client_id, idempotency_key) DO UPDATE SET
                request_hash = excluded.request_hash, created_at = excluded.created_at,
                status = NULL, location = NULL, etag = NULL, content_type = NULL, body = NULL
            WHERE idempotency_keys.created_at < @since
            """, new { clientId = key.ClientId, key = key.Key, hash = key.RequestHash, now = Clock.Timestamp(), since = Clock.Text(DateTimeOffset.UtcNow - Kept) },
            transaction, cancellationToken: ct));
        if (recorded == 0) throw new IdempotencyPendingException(key.Key);
        writes.KeyRecorded = true;
    }

    /// <summary>Fills in the answer of a key its write recorded. A failure here leaves the key pending (a repeat: <c>409</c>), never a second write.</summary>
    private static async Task KeepAnswerAsync(HttpContext context, Db db, IdempotencyKey key, CapturingStream capture)
    {
        var response = context.Response;
        var body = capture.Captured;
        try
        {
            await using var write = await db.BeginWriteAsync(CancellationToken.None);
            await write.Connection.ExecuteAsync(new CommandDefinition("""
                UPDATE idempotency_keys SET status = @status, location = @location, etag = @etag, content_type = @contentType, body = @body
                WHERE client_id = @clientId AND idempotency_key = @key AND request_hash = @hash
                """, new
            {
                status = (long)response.StatusCode,
                location = response.Headers.Location.Count > 0 ? response.Headers.Location.ToString() : null,
                etag = body is null || response.Headers.ETag.Count == 0 ? null : response.Headers.ETag.ToString(),
                contentType = body is null ? null : response.ContentType,
                body = body is { Length: > 0 } ? body : null,
                clientId = key.ClientId, key = key.Key, hash = key.RequestHash,
            }, write.Transaction, cancellationToken: CancellationToken.None));
            await write.CommitWithoutHistoryAsync("the answer kept for an Idempotency-Key; the change itself committed with its history", CancellationToken.None);
        }
        catch (Exception e)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Idempotency))
                .LogWarning(e, "The answer for Idempotency-Key {Key} of client {ClientId} was not kept; a repeat answers 409", key.Key, key.ClientId);
        }
    }

    private static async Task ReplayAsync(HttpContext context, KeptAnswer kept)
    {
        var response = context.Response;
        response.StatusCode = (int)kept.Status!.Value;
        response.Headers[ReplayedHeader] = "true";
        if (kept.Location is not null) response.Headers.Location = kept.Location;
        if (kept.ETag is not null) response.Headers.ETag = kept.ETag;
        if (kept.Body is { Length: > 0 } body)
        {
            if (kept.ContentType is not null) response.ContentType = kept.ContentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    internal static string PendingDetail(string key) =>
        $"A request with {Header} '{key}' was stored, but its answer is not kept: it is still being processed, or the "
        + "service stopped before answering it. Its change was made: do not send it again with a new key. Repeat this "
        + "request with the same key in a few seconds to get the answer, or read the resource (or its list) to see the change.";

    private static Task WritePendingAsync(HttpContext context, string key)
    {
        context.Response.Headers.RetryAfter = "5";
        return ApiProblem.WriteAsync(context, 409, PendingDetail(key), new() { [Header] = ["A request with this key is being processed or its answer was not kept."] });
    }

    /// <summary>Passes an answer through, keeping a copy of its first <c>limit</c> bytes (none when it is longer).</summary>
    private sealed class CapturingStream(Stream inner, int limit) : Stream
    {
        private MemoryStream? _copy = new();

        /// <summary>The whole answer, or null when it was longer than the limit.</summary>
        public byte[]? Captured => _copy?.ToArray();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy is null) return;
            if (_copy.Length + bytes.Length > limit) { _copy = null; return; }
            _copy.Write(bytes);
        }

        public override void Write(byte[] buffer, int offset, int count) { Keep(buffer.AsSpan(offset, count)); inner.Write(buffer, offset, count); }
        public override void Write(ReadOnlySpan<byte> buffer) { Keep(buffer); inner.Write(buffer); }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;   // the server's own stream is not ours to close
    }
}

/// <summary>Deletes the kept answers of <c>Idempotency-Key</c>s older than 24 hours, hourly, a thousand rows a write.</summary>
public sealed class IdempotencySweeper(Db db, ILogger<IdempotencySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await SweepAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Idempotency-Key sweep failed; tried again in an hour"); }
            await Task.Delay(Every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = Clock.Text(DateTimeOffset.UtcNow - Idempotency.Kept);
        int deleted, total = 0;
        do
        {
            await using var write = await db.BeginWriteAsync(ct);
            deleted = await write.Connection.ExecuteAsync(new CommandDefinition($"""
                DELETE FROM idempotency_keys WHERE (client_id, idempotency_key) IN
                    (SELECT client_id, idempotency_key FROM idempotency_keys WHERE created_at < @before LIMIT {Batch})
                """, new { before }, write.Transaction, cancellationToken: ct));
            await write.CommitWithoutHistoryAsync("the sweep deletes expired Idempotency-Key answers, not the register's data", ct);
            total += deleted;
        } while (deleted == Batch);
        return total;
    }
}
