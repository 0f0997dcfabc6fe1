using System.Data;
using System.Diagnostics;
using Npgsql;
using RiskRegister.Api.History;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>The service on a PostgreSQL database of its own, whatever the run's provider.</summary>
public sealed class PostgresApi : ApiFixture
{
    public PostgresApi() => Database = TestDatabase.Create(DatabaseProvider.Postgres);
}

/// <summary>
/// History ids are the event feed's and the webhooks' cursor: a reader that has seen an id must already see every
/// smaller one. On PostgreSQL the ids come from a sequence and writes commit side by side, so the write scope's commit
/// takes a lock that makes them commit in id order (RowLocks.Kind.History).
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class HistoryOrderTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static HistoryEntry Entry(long entityId) => new() { ClientName = "test", Entity = "unit", EntityId = entityId, Action = "changed" };

    /// <summary>
    /// A write of its own, whose commit (after its history insert) runs and waits for <paramref name="held"/> when given —
    /// called at that moment, not before: started early, a hold would signal "at commit" before A had taken its id.
    /// </summary>
    private async Task<(WriteScope Write, int ProcessId)> BeginAsync(Func<Task>? held = null)
    {
        var connection = (NpgsqlConnection)api.Database.Open();
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, None);
        return (new WriteScope(connection, transaction, ownsConnection: true, DatabaseProvider.Postgres,
            held is null ? null : (_, _) => held()), connection.ProcessID);
    }

    private static async Task<List<long>> VisibleAsync(System.Data.Common.DbConnection reader, long after, long a, long b) =>
        (await reader.QueryAsync<long>("SELECT entity_id FROM history WHERE id > @after AND entity_id IN (@a, @b) ORDER BY id",
            new { after, a, b })).ToList();

    [Fact]
    public async Task A_later_write_cannot_commit_its_history_before_an_earlier_one_so_a_reader_never_sees_it_first()
    {
        _ = api.Server;
        await using var reader = api.Database.Open();
        var start = await reader.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM history");
        var (a, b) = (Random.Shared.NextInt64(1_000_000, 2_000_000), Random.Shared.NextInt64(2_000_000, 3_000_000));

        // A records its history (taking the smaller id), then stops just before its commit.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var atCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (writeA, _) = await BeginAsync(Hold);
        async Task Hold()
        {
            atCommit.SetResult();
            await release.Task;
        }
        var commitA = Task.Run(() => writeA.CommitAsync(Entry(a), None));
        await atCommit.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // B, started after, would take the larger id and, unordered, commit first.
        var (writeB, processB) = await BeginAsync();
        var commitB = Task.Run(() => writeB.CommitAsync(Entry(b), None));
        try
        {
            // Until B has either committed or is seen waiting for the history lock.
            var waited = Stopwatch.StartNew();
            while (!commitB.IsCompleted && await reader.ExecuteScalarAsync<string?>(
                       "SELECT wait_event FROM pg_stat_activity WHERE pid = @processB", new { processB }) != "advisory")
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "B neither committed nor waited for the history lock");
                await Task.Delay(20);
            }

            // The reader (the feed, the dispatcher's cursor) sees neither: not B's id while A's is uncommitted.
            (await VisibleAsync(reader, start, a, b)).ShouldBeEmpty("B's history committed before A's smaller id: a cursor past it would skip A");
            commitB.IsCompleted.ShouldBeFalse();
        }
        finally { release.TrySetResult(); }

        await Task.WhenAll(commitA, commitB).WaitAsync(TimeSpan.FromSeconds(30));
        (await VisibleAsync(reader, start, a, b)).ShouldBe([a, b]);
    }

    [Fact]
    public async Task The_event_feed_never_shows_a_request_s_event_before_an_earlier_uncommitted_one()
    {
        var admin = api.Admin();
        var start = (await admin.GetOk("/api/v1/events?limit=500")).GetProperty("nextCursor").GetInt64();
        async Task<List<long>> FeedUnits() => (await admin.GetOk($"/api/v1/events?after={start}&limit=500")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "unit.created").Select(e => e.GetProperty("unitId").GetInt64()).ToList();

        // A: a nämnd created in a write of its own, held after its history insert.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var atCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (writeA, processA) = await BeginAsync(Hold);
        async Task Hold()
        {
            atCommit.SetResult();
            await release.Task;
        }
        var name = $"Nämnden {Guid.NewGuid():N}";
        var unitA = await writeA.Connection.ExecuteScalarAsync<long>(
            "INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'board', NULL, '2026-01-01T00:00:00.000Z') RETURNING id",
            new { name }, writeA.Transaction);
        var commitA = Task.Run(() => writeA.CommitAsync(new HistoryEntry { ClientName = "test", Entity = "unit", EntityId = unitA, Action = "created", After = new { id = unitA, name } }, None));
        await atCommit.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // B: a request through the service, after A took its id.
        var requestB = Task.Run(() => admin.CreateBoard($"Nämnden {Guid.NewGuid():N}"));
        await using var reader = api.Database.Open();
        try
        {
            var waited = Stopwatch.StartNew();
            while (!requestB.IsCompleted && await reader.ExecuteScalarAsync<long>(
                       "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory' AND pid <> @processA", new { processA }) == 0)
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "B neither committed nor waited for the history lock");
                await Task.Delay(20);
            }
            (await FeedUnits()).ShouldBeEmpty("the feed showed B's event while A's smaller id was uncommitted: a client past it would never see A");
        }
        finally { release.TrySetResult(); }

        await commitA.WaitAsync(TimeSpan.FromSeconds(30));
        var unitB = (await requestB.WaitAsync(TimeSpan.FromSeconds(30))).Id;
        (await FeedUnits()).ShouldBe([unitA, unitB]);
    }

    [Fact]
    public async Task The_lock_is_released_with_the_commit_and_with_a_rollback()
    {
        _ = api.Server;
        var (write, _) = await BeginAsync();
        await write.CommitAsync(Entry(1), None);

        // A write that fails after taking the lock (at its commit) rolls back and lets the next one in.
        var (failing, _) = await BeginAsync(() => Task.FromException(new InvalidOperationException("refused")));
        await Should.ThrowAsync<InvalidOperationException>(() => failing.CommitAsync(Entry(2), None));

        var (next, _) = await BeginAsync();
        await next.CommitAsync(Entry(3), None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
