namespace RiskRegister.Api.Features.Health.Ready;

/// <summary>
/// Readiness, for load balancers and operators: <c>200</c> only when the migrations are applied and the database
/// answers a read and a write probe; otherwise <c>503</c> naming the cause. It recovers by itself when the cause goes
/// (space freed, the file writable again): nothing about a failed probe is kept but the reason.
/// </summary>
public sealed class Endpoint(Db db, TimeProvider time) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/health/ready");
        RoutePrefixOverride(string.Empty);
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Readiness: the database takes reads and writes and its migrations are applied";
            s.Description = "`200` when the migrations are applied and the database answers a read probe and a write probe (room for 64 KiB, rolled back, and a one-row commit); else `503` with a problem naming the cause, e.g. a full disk or a read-only file. Needs no key and is not rate-limited.";
        });
        Description(d => d.Ok<Response>().Problems(503), clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        int applied;
        try
        {
            await using (var connection = await db.OpenAsync(ct))
            {
                var names = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: ct))).ToHashSet();
                var missing = MigrationRunner.Scripts().Select(s => s.Name).Where(n => !names.Contains(n)).ToList();
                if (missing.Count > 0)
                {
                    await ApiProblem.WriteAsync(HttpContext, StatusCodes.Status503ServiceUnavailable, "Migrations not applied: " + string.Join(", ", missing) + ".");
                    return;
                }
                applied = names.Count;
            }
            await using var write = await db.BeginWriteAsync(ct);
            var (writer, transaction) = write;
            // Room for a large write (64 KiB: a risk with all its texts, and its history), allocated and given back
            // unwritten: near a quota or a full disk it cannot be ...
            await writer.ExecuteAsync(new CommandDefinition(
                "SAVEPOINT probe; UPDATE health_probe SET filler = zeroblob(65536) WHERE id = 1; ROLLBACK TO probe; RELEASE probe;",
                transaction: transaction, cancellationToken: ct));
            // ... and a one-row commit that must reach the file.
            await writer.ExecuteAsync(new CommandDefinition("UPDATE health_probe SET checked_at = @now WHERE id = 1",
                new { now = Clock.Text(time.GetUtcNow()) }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }
        catch (SqliteException error)
        {
            var cause = ErrorHandling.StoreTrouble(error.SqliteErrorCode)?.Detail ?? "The database failed.";
            await ApiProblem.WriteAsync(HttpContext, StatusCodes.Status503ServiceUnavailable,
                $"Not ready, the write probe failed (SQLite error {error.SqliteErrorCode}): {cause}");
            return;
        }
        await Send.OkAsync(new Response { Status = "ready", Migrations = applied }, ct);
    }
}

public sealed class Response
{
    /// <summary><c>ready</c>.</summary>
    public required string Status { get; init; }
    /// <summary>How many migrations the database has applied (all that this version of the service has).</summary>
    public int Migrations { get; init; }
}
