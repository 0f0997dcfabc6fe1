using Npgsql;

namespace RiskRegister.Api.Auth;

/// <summary>
/// Keeps this instance's <see cref="ApiKeyCache"/> in step with the others on one PostgreSQL database: a write that
/// changes a client sends <c>NOTIFY riskregister_clients</c> in its transaction (PostgreSQL delivers it at commit, to every
/// listening connection), and this listener clears the cache when one arrives, in milliseconds. While it is not listening
/// (starting, or its connection lost) the cache is suspended. A connection that dies silently is found by a probe every
/// <see cref="ProbeEvery"/>, the longest a revocation elsewhere could go unheard. SQLite: nothing to do, one instance.
/// </summary>
public sealed class ClientChangeListener(Db db, ApiKeyCache cache, ILogger<ClientChangeListener> logger) : BackgroundService
{
    public const string Channel = "riskregister_clients";
    internal static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);

    /// <summary>Tells every instance that clients changed; runs inside the change's transaction, so only a commit tells.</summary>
    public static Task NotifyAsync(IDbConnection connection, IDbTransaction transaction, CancellationToken ct) =>
        RowLocks.Needed(transaction)
            ? connection.ExecuteAsync(new CommandDefinition($"NOTIFY {Channel}", transaction: transaction, cancellationToken: ct))
            : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db is not PostgresDb postgres) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(postgres.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                cache.Resume();
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A notification ends the wait at once; a second without one, a probe proves the connection is alive.
                    if (!await connection.WaitAsync(ProbeEvery, stoppingToken))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 1 };
                        await probe.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                cache.Suspend();
                logger.LogWarning(error, "Listening for client changes failed; API keys are read from the database until it listens again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
