namespace RiskRegister.Api.Features.Health.Ready;

/// <summary>
/// Readiness, for load balancers and operators: <c>200</c> only when the migrations are applied and the database
/// answers a read and a write probe; otherwise <c>503</c> naming the cause. It recovers by itself when the cause goes
/// (space freed, the file writable again): nothing about a failed probe is kept but the reason.
/// </summary>
/// <summary>
/// One probe at a time, and its result answers every check for a second: the check needs no key and is only
/// rate-limited per address, so without this anyone could queue writes ahead of the real ones by polling it.
/// </summary>
public sealed class ReadinessProbe
{
    internal readonly SemaphoreSlim Turn = new(1, 1);
    internal (DateTimeOffset At, int Status, string? Problem, int Migrations) Last = (DateTimeOffset.MinValue, 0, null, 0);
    internal static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
}

public sealed class Endpoint(Db db, TimeProvider time, ReadinessProbe probe) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health/ready");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Readiness: the database takes reads and writes and its migrations are applied";
            s.Description = "`200` when the migrations are applied and the database answers a read probe and a write probe (room for 64 KiB, rolled back, and a one-row commit). A full store (disk or `Database:MaxSizeMegabytes`) still serves reads: `200` with `writable: false` and the reason, while writes answer `507`. Else `503` with a problem naming the cause, e.g. a read-only file. Needs no key; counted per address against `RateLimit:PermitsPerMinute` (`429`), since it writes.";
        });
        Description(d => d.Ok<Response>().Problems(503), clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await probe.Turn.WaitAsync(ct);
        try
        {
            if (time.GetUtcNow() - probe.Last.At > ReadinessProbe.Fresh)
            {
                var (status, problem, migrations) = await ProbeAsync(ct);
                probe.Last = (time.GetUtcNow(), status, problem, migrations);
            }
        }
        finally { probe.Turn.Release(); }
        var last = probe.Last;
        if (last.Status != StatusCodes.Status200OK)
            await ApiProblem.WriteAsync(HttpContext, last.Status, last.Problem);
        else
            await Send.OkAsync(new Response { Status = "ready", Migrations = last.Migrations, Writable = last.Problem is null, NotWritable = last.Problem }, ct);
    }

    private async Task<(int Status, string? Problem, int Migrations)> ProbeAsync(CancellationToken ct)
    {
        var applied = 0;
        try
        {
            await using (var connection = await db.OpenAsync(ct))
            {
                var names = await MigrationRunner.AppliedAsync(connection, ct);
                var missing = MigrationRunner.Scripts(db.Provider).Select(s => s.Name).Where(n => !names.Contains(n)).ToList();
                if (missing.Count > 0)
                    return (StatusCodes.Status503ServiceUnavailable, "Migrations not applied: " + string.Join(", ", missing) + ".", names.Count);
                applied = names.Count;
            }
            await using var write = await db.BeginWriteAsync(ct);
            var (writer, transaction) = write;
            // Room for a large write (64 KiB: a risk with all its texts, and its history), allocated and given back
            // unwritten: near a quota or a full disk it cannot be ...
            await writer.ExecuteAsync(new CommandDefinition(db.Provider == DatabaseProvider.Postgres
                    ? "SAVEPOINT probe; UPDATE health_probe SET filler = decode(repeat('00', 65536), 'hex') WHERE id = 1; ROLLBACK TO probe; RELEASE probe;"
                    : "SAVEPOINT probe; UPDATE health_probe SET filler = zeroblob(65536) WHERE id = 1; ROLLBACK TO probe; RELEASE probe;",
                transaction: transaction, cancellationToken: ct));
            // Under a quota, the room counts the log too: 64 KiB written to the log and then to the file.
            if (db is SqliteDb sqlite && writer is PooledConnection pooled)
                await sqlite.EnsureRoomAsync(pooled, 2 * 65536, ct, transaction);
            // ... and a one-row commit that must reach the file.
            await writer.ExecuteAsync(new CommandDefinition("UPDATE health_probe SET checked_at = @now WHERE id = 1",
                new { now = Clock.Text(time.GetUtcNow()) }, transaction, cancellationToken: ct));
            await write.CommitWithoutHistoryAsync("the readiness probe changes nothing in the register", ct);
        }
        // Full (507): reads go on, so the register stays ready for them; it says it takes no writes (README: readiness).
        catch (Exception error) when (ErrorHandling.StoreTrouble(error) is { Status: StatusCodes.Status507InsufficientStorage } full)
        {
            return (StatusCodes.Status200OK, full.Detail, applied);
        }
        catch (Exception error) when (error is SqliteException or Npgsql.NpgsqlException || ErrorHandling.StoreTrouble(error) is not null)
        {
            var cause = ErrorHandling.StoreTrouble(error)?.Detail ?? "The database failed.";
            var code = error switch
            {
                SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}",
                Npgsql.PostgresException postgres => $"PostgreSQL error {postgres.SqlState}",
                _ => "the database",
            };
            return (StatusCodes.Status503ServiceUnavailable, $"Not ready, a probe failed ({code}): {cause}", 0);
        }
        return (StatusCodes.Status200OK, null, applied);
    }
}

public sealed class Response
{
    /// <summary><c>ready</c>.</summary>
    public required string Status { get; init; }
    /// <summary>How many migrations the database has applied (all that this version of the service has).</summary>
    public int Migrations { get; init; }
    /// <summary>False when the store is full (disk or <c>Database:MaxSizeMegabytes</c>): reads are served, writes answer <c>507</c>.</summary>
    public bool Writable { get; init; }
    /// <summary>Why writes are refused, when <c>writable</c> is false.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? NotWritable { get; init; }
}
