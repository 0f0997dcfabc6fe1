namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Copies the write-ahead log back into the database file in the background. Left to SQLite, the commit that crosses
/// 1000 log pages runs the checkpoint itself, with two fsyncs, while it holds the write lock, so every writer queued
/// behind it waits too. Here a PASSIVE checkpoint (it never blocks readers or writers) runs after every
/// <see cref="SqliteDb.CheckpointEveryCommits"/> commits, and at least once a second while there are any. The connections'
/// own automatic checkpoint stays on at a higher threshold, should this service ever fall behind. SQLite only.
/// </summary>
public sealed class WalCheckpointer(Db register, ILogger<WalCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // PostgreSQL checkpoints its own log.
        if (register is not SqliteDb db) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await db.WaitForCheckpointAsync(TimeSpan.FromSeconds(1), stoppingToken))
                    await db.CheckpointAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A failed checkpoint loses nothing: the log keeps the pages, and the next one (or SQLite's own) copies them.
                logger.LogWarning(e, "WAL checkpoint failed");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        // Shutting down, after the last request: copy the log into the file once more, so a stopped service leaves one
        // file to back up or copy (and a restart has no log to replay).
        try { await db.CheckpointAsync(CancellationToken.None); }
        catch (Exception e) { logger.LogWarning(e, "The last WAL checkpoint failed; the log stays beside the file and is replayed on the next start"); }
    }
}
