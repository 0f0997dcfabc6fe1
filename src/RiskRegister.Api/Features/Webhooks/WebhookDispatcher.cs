using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Events;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>
/// Delivers the events to the webhooks, from an outbox in the database, so nothing is lost across restarts or failures:
/// <list type="number">
/// <item>Queueing: each webhook's <c>cursor</c> is the last event put into its outbox. A round reads the new events once
/// and queues them for every webhook (of its types and units), moving the cursors, in one transaction; on PostgreSQL the
/// webhooks' rows are locked for it, so two instances never queue one event twice. A round starts when this process
/// commits a change (<see cref="Db.Changes"/>) or, for another instance's changes, at the next poll.</item>
/// <item>Delivering: an instance takes a webhook by a lease (<c>lease_until</c>, set only where none is running) and
/// keeps it while the webhook has events due. It takes up to <c>Webhooks:BatchSize</c> of its oldest pending events,
/// POSTs them one after another, signed, in cursor order, and writes their outcomes in one write.
/// The outbox keeps a row per chunk (<see cref="DeliveryChunk"/>), not per (webhook, event): a round queues one chunk per
/// webhook, and the outcomes split a chunk where its events' outcomes differ. A failure ends the
/// batch: it is retried after <c>Webhooks:RetryDelays</c>, and the later events wait behind it (after the last retry it
/// has failed and the next follows). What was sent but not yet written is sent again after a crash: at least once. A
/// lease left by an instance that died runs out, and another takes over.</item>
/// <item>A webhook whose <c>max_events_per_delivery</c> is above 1 (opt-in) gets its batch in POSTs of that many events
/// at most, <c>{"events": [...]}</c>, each POST's events delivered, or retried, together; only what is already due goes
/// into one, so a quiet webhook's event goes at once, alone.</item>
/// </list>
/// Each webhook is delivered by a task of its own, up to <c>Webhooks:ConcurrentDeliveries</c> at once, so a receiver
/// that hangs (up to <c>Webhooks:TimeoutSeconds</c>) holds up only itself, never the API's requests or the others.
/// </summary>
public sealed class WebhookDispatcher(Db db, IOptions<WebhookSettings> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Delivering> _running = new();
    private readonly EventBodies _bodies = new();
    private SemaphoreSlim _turns = new(1);
    private int _waitingForTurn;
    private WebhookSettings Settings => options.Value;

    /// <summary>
    /// The least time between two rounds, and between two batches of a webhook that are not full: under a steady write
    /// load each write of the bookkeeping then carries the events of that time, not one.
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    /// <summary>How many history rows a round reads at most; with more, the next round follows at once.</summary>
    private const int QueuePage = 500;

    /// <summary>A webhook being delivered by this process: its task, and the signal that new events were queued for it.</summary>
    private sealed class Delivering
    {
        public Task Task { get; set; } = Task.CompletedTask;
        public ChangeSignal Queued { get; } = new();
    }

    /// <summary>Raised after each write of delivery outcomes, with the webhook and how many deliveries it recorded (tests).</summary>
    internal event Action<long, int>? Recorded;

    /// <summary>Awaited before each round reads the webhooks (tests: to have several commits queued by one round).</summary>
    internal Func<Task>? BeforeRound { get; set; }

    /// <summary>Batches waiting for one of the <c>Webhooks:ConcurrentDeliveries</c> turns (tests).</summary>
    internal int WaitingForTurn => Volatile.Read(ref _waitingForTurn);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delays = Settings.Delays();
        var hosts = Settings.Hosts();
        _turns = new SemaphoreSlim(Settings.ConcurrentDeliveries);
        using var http = Client(hosts, TimeSpan.FromSeconds(Settings.TimeoutSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            // Read before looking: a change committed while this round runs starts the next one.
            var changed = db.Changes.Next;
            var more = false;
            try
            {
                if (BeforeRound is { } hold) await hold();
                var webhooks = await ActiveAsync(stoppingToken);
                (var queued, more) = await QueueAsync(webhooks, stoppingToken);
                var now = Clock.Text(time.GetUtcNow());
                foreach (var webhook in webhooks)
                {
                    var delivering = _running.GetOrAdd(webhook.Id, _ => new Delivering());
                    if (!delivering.Task.IsCompleted)
                    {
                        if (queued.Contains(webhook.Id)) delivering.Queued.Raise();
                        continue;
                    }
                    // Started only when it has an event due, and no other instance holds it: taking a lease is a write.
                    var due = queued.Contains(webhook.Id) || webhook.NextDue is { } next && string.CompareOrdinal(next, now) <= 0;
                    var leasedElsewhere = webhook.LeaseUntil is { } until && string.CompareOrdinal(until, now) > 0;
                    if (!due || leasedElsewhere) continue;
                    // One task per webhook at a time. Its entry stays when it ends (a finished task is replaced here): a
                    // task that removed itself could end before it was added, and the webhook would never run again.
                    delivering.Task = Task.Run(async () =>
                    {
                        try { await DeliverAsync(http, webhook, delays, delivering, stoppingToken); }
                        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Webhook {WebhookId}: delivery failed", webhook.Id); }
                    }, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // The database away, or busy: the outbox keeps everything; try again next round.
                logger.LogWarning(e, "Webhook dispatch round failed");
            }
            try
            {
                // A sweep goes on over as many rounds as it needs, a few batches each, so queueing and delivering never
                // wait long behind it (a first sweep after an upgrade may have months of deliveries to delete).
                if (Settings.KeepDeliveredDays > 0 && (_sweeping || _swept is not { } swept || time.GetUtcNow() - swept >= SweepEvery))
                {
                    _sweeping = !await SweepAsync(stoppingToken);
                    if (!_sweeping) _swept = time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // Tried again at the next sweep, in an hour: a failure that recurs is one warning an hour, not one a poll.
                (_sweeping, _swept) = (false, time.GetUtcNow());
                logger.LogWarning(e, "Webhook outbox sweep failed");
            }
            if (!more)
                await Task.WhenAny(changed, Task.Delay(Settings.PollMilliseconds, stoppingToken));
            await Task.Delay(Gather, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(_running.Values.Select(d => d.Task)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);
    private const int SweepBatch = 1000;
    private const int SweepBatchesPerRound = 10;
    private DateTimeOffset? _swept;
    private bool _sweeping;

    /// <summary>
    /// Deletes from the outbox what no one reads any more: deliveries delivered more than <c>Webhooks:KeepDeliveredDays</c>
    /// ago, and every delivery of a deleted webhook (its deliveries are no longer listed). A thousand chunks per write, so
    /// no write of the API waits long behind it (on SQLite, the writer's turn). Several instances may sweep at once:
    /// deleting what another deleted deletes nothing. True when nothing is left to delete; false when this round's
    /// batches were all full, and the next round goes on.
    /// </summary>
    private async Task<bool> SweepAsync(CancellationToken ct)
    {
        var before = Clock.Text(time.GetUtcNow() - TimeSpan.FromDays(Settings.KeepDeliveredDays));
        var batches = 0;
        foreach (var which in new[]
                 {
                     "status = 'delivered' AND delivered_at < @before",
                     "webhook_id IN (SELECT id FROM webhooks WHERE deleted_at IS NOT NULL)",
                 })
        {
            int deleted;
            do
            {
                if (batches++ == SweepBatchesPerRound) return false;
                await using var write = await db.BeginWriteAsync(ct);
                deleted = await write.Connection.ExecuteAsync(new CommandDefinition($"""
                    DELETE FROM webhook_delivery_chunks WHERE (webhook_id, first_event_id) IN
                        (SELECT webhook_id, first_event_id FROM webhook_delivery_chunks WHERE {which} LIMIT {SweepBatch})
                    """, new { before }, write.Transaction, cancellationToken: ct));
                await write.CommitWithoutHistoryAsync("the outbox sweep deletes deliveries, not the register's data", ct);
            } while (deleted == SweepBatch);
        }
        return true;
    }

    /// <summary>
    /// A subscription as this round read it; <c>Cursor</c> may have moved on since (it only grows). <c>NextDue</c>: when
    /// its oldest pending delivery is due (later ones wait behind it); <c>LeaseUntil</c>: how long an instance holds it.
    /// </summary>
    internal sealed record Webhook(long Id, string Url, string Secret, IReadOnlySet<string>? Types, IReadOnlySet<long>? UnitIds, long Cursor,
        string? NextDue, string? LeaseUntil, int MaxEventsPerDelivery = 1);

    private async Task<List<Webhook>> ActiveAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Url, string Secret, string? Types, string? UnitIds, long Cursor, string? NextDue, string? LeaseUntil, long MaxEvents)>(new CommandDefinition("""
            SELECT w.id, w.url, w.secret, w.types, w.unit_ids, w.cursor,
                   (SELECT d.next_attempt_at FROM webhook_delivery_chunks d WHERE d.webhook_id = w.id AND d.status = 'pending' ORDER BY d.first_event_id LIMIT 1),
                   w.lease_until, w.max_events_per_delivery
            FROM webhooks w WHERE w.deleted_at IS NULL ORDER BY w.id
            """, cancellationToken: ct));
        return rows.Select(r => new Webhook(r.Id, r.Url, r.Secret, r.Types?.Split(',').ToHashSet(StringComparer.Ordinal),
            r.UnitIds?.Split(',').Select(u => long.Parse(u, CultureInfo.InvariantCulture)).ToHashSet(), r.Cursor, r.NextDue, r.LeaseUntil,
            (int)Math.Clamp(r.MaxEvents, 1, Create.Request.MaxEvents))).ToList();
    }

    /// <summary>
    /// Puts the events after each webhook's cursor that it wants into its outbox, one chunk per webhook: one read of the
    /// new events and one write for every webhook. Answers the webhooks that got deliveries, and whether there may be more events to queue.
    /// </summary>
    private async Task<(IReadOnlySet<long> Queued, bool More)> QueueAsync(IReadOnlyList<Webhook> webhooks, CancellationToken ct)
    {
        var none = (new HashSet<long>(), false);
        if (webhooks.Count == 0) return none;
        // Most rounds without a write load find nothing new: a read says so, without a write transaction (on SQLite, the
        // writer's turn) every poll.
        await using (var read = await db.OpenAsync(ct))
            if (await read.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
                    "SELECT id FROM history WHERE id > @cursor ORDER BY id LIMIT 1", new { cursor = webhooks.Min(w => w.Cursor) }, cancellationToken: ct)) is null)
                return none;
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var lockSql = "SELECT id, cursor FROM webhooks WHERE deleted_at IS NULL ORDER BY id" + (RowLocks.Needed(transaction) ? " FOR UPDATE" : "");
        var cursors = (await connection.QueryAsync<(long Id, long Cursor)>(new CommandDefinition(lockSql, transaction: transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Cursor);
        // A webhook created since the round began waits for the next (its filters were not read); a deleted one is left.
        var queueing = webhooks.Where(w => cursors.ContainsKey(w.Id)).ToList();
        if (queueing.Count == 0) return none;
        var from = queueing.Min(w => cursors[w.Id]);
        // Only the type and unit are looked at here, not the entry's data; the delivery reads the event as receivers get it.
        var rows = (await connection.QueryAsync<(long Id, string Entity, string Action, long? UnitId)>(new CommandDefinition(
            $"SELECT h.id, h.entity, h.action, {EventReader.UnitOf(db)} FROM history h LEFT JOIN plans p ON p.id = h.plan_id WHERE h.id > @from ORDER BY h.id LIMIT {QueuePage}",
            new { from }, transaction, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return none;
        var events = rows.Select(r => (r.Id, Type: EventTypes.Of(r.Entity, r.Action), r.UnitId)).ToList();
        var now = Clock.Text(time.GetUtcNow());
        var chunks = new Chunks();
        var queued = new HashSet<long>();
        var moved = new List<long>();
        var ids = new List<long>(events.Count);
        foreach (var webhook in queueing)
        {
            var cursor = cursors[webhook.Id];
            if (cursor >= rows[^1].Id) continue;
            ids.Clear();
            foreach (var (id, type, unitId) in events)
            {
                if (id <= cursor || type is null) continue;
                if (webhook.Types is { } types && !types.Contains(type)) continue;
                if (webhook.UnitIds is { } units && (unitId is not { } unit || !units.Contains(unit))) continue;
                ids.Add(id);
            }
            if (ids.Count > 0)
            {
                chunks.Add(webhook.Id, ids);
                queued.Add(webhook.Id);
            }
            moved.Add(webhook.Id);
        }
        // One statement for the round's chunks of every webhook, and one moving the cursors (all to the round's last
        // event), not a statement per chunk and per webhook.
        if (chunks.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition(chunks.InsertSql(db), chunks.Parameters(db, now), transaction, cancellationToken: ct));
        if (moved.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE webhooks SET cursor = @cursor WHERE {SqlDialect.InList(connection, "id", "@ids")}",
                new { cursor = rows[^1].Id, ids = moved.ToArray() }, transaction, cancellationToken: ct));
        await write.CommitWithoutHistoryAsync("queueing deliveries of events is the webhooks' bookkeeping", ct);
        return (queued, rows.Count == QueuePage);
    }

    /// <summary>
    /// A round's new chunks, one per webhook, put into the outbox by one statement: on PostgreSQL as arrays unnested side
    /// by side, on SQLite as one JSON array of <c>[webhook, first, last, "ids"]</c> read by <c>json_each</c>. Each holds the
    /// round's events that its webhook wants, at most a round's <see cref="QueuePage"/>.
    /// </summary>
    private sealed class Chunks
    {
        private readonly List<long> _webhooks = [];
        private readonly List<long> _firsts = [];
        private readonly List<long> _lasts = [];
        private readonly List<string> _ids = [];

        public int Count => _webhooks.Count;

        public void Add(long webhook, IReadOnlyList<long> events)
        {
            _webhooks.Add(webhook);
            _firsts.Add(events[0]);
            _lasts.Add(events[^1]);
            _ids.Add(DeliveryChunk.Text(events));
        }

        public string InsertSql(Db db) => db.Provider == DatabaseProvider.Postgres
            ? """
              INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, next_attempt_at)
              SELECT q.webhook, q.first_id, q.last_id, q.ids, 'pending', 0, @now FROM unnest(@webhooks, @firsts, @lasts, @ids) AS q(webhook, first_id, last_id, ids)
              ON CONFLICT (webhook_id, first_event_id) DO NOTHING
              """
            // The WHERE lets SQLite read ON CONFLICT as the upsert's, not as a join's constraint.
            : """
              INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, next_attempt_at)
              SELECT json_extract(q.value, '$[0]'), json_extract(q.value, '$[1]'), json_extract(q.value, '$[2]'), json_extract(q.value, '$[3]'),
                     'pending', 0, @now FROM json_each(@chunks) q WHERE true
              ON CONFLICT (webhook_id, first_event_id) DO NOTHING
              """;

        public object Parameters(Db db, string now)
        {
            if (db.Provider == DatabaseProvider.Postgres)
                return new { webhooks = _webhooks.ToArray(), firsts = _firsts.ToArray(), lasts = _lasts.ToArray(), ids = _ids.ToArray(), now };
            // The ids' text is digits and commas: a JSON string as it is.
            var chunks = new StringBuilder(_ids.Sum(i => i.Length + 40)).Append('[');
            for (var i = 0; i < _webhooks.Count; i++)
                chunks.Append(i == 0 ? "[" : ",[").Append(_webhooks[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(_firsts[i].ToString(CultureInfo.InvariantCulture)).Append(',').Append(_lasts[i].ToString(CultureInfo.InvariantCulture))
                    .Append(",\"").Append(_ids[i]).Append("\"]");
            return new { chunks = chunks.Append(']').ToString(), now };
        }
    }

    /// <summary>
    /// The lease this process holds on a webhook: until when (as written, so only this holder's lease is renewed or given
    /// back) and when it was last written. It is written again before it could run out while a POST is under way.
    /// </summary>
    private sealed class Lease(TimeSpan length)
    {
        public TimeSpan Length => length;
        public string Until { get; set; } = "";
        public DateTimeOffset Written { get; set; }

        /// <summary>The lease is renewed when a POST started now might outlast it (it lasts the timeout and 30 s more).</summary>
        public bool Aging(DateTimeOffset now) => now - Written > TimeSpan.FromSeconds(15);
    }

    /// <summary>Delivers one webhook's events, batch after batch, while it has some due; holds its lease meanwhile.</summary>
    private async Task DeliverAsync(HttpClient http, Webhook webhook, IReadOnlyList<TimeSpan> delays, Delivering delivering, CancellationToken ct)
    {
        var lease = new Lease(TimeSpan.FromSeconds(Settings.TimeoutSeconds + 30));
        if (!await TakeLeaseAsync(webhook.Id, lease, ct)) return;   // another instance delivers it
        try
        {
            using var signer = new WebhookSignature.Signer(WebhookSignature.Key(webhook.Secret));
            var target = new Target(webhook, new Uri(webhook.Url), signer);
            var idle = false;
            while (!ct.IsCancellationRequested)
            {
                var queued = delivering.Queued.Next;
                // A wait for a turn, or a retry's, may have aged the lease: renewed first, or given up if another took it.
                if (lease.Aging(time.GetUtcNow()) && !await TakeLeaseAsync(webhook.Id, lease, ct)) return;
                var (sent, full) = await DeliverBatchAsync(http, target, delays, lease, ct);
                if (sent == 0)
                {
                    // Nothing due: wait a poll for more (this instance's rounds say at once), then give the lease back.
                    if (idle) return;
                    idle = true;
                    await Task.WhenAny(queued, Task.Delay(Settings.PollMilliseconds, ct));
                    continue;
                }
                idle = false;
                if (!full) await Task.Delay(Gather, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await using var write = await db.BeginWriteAsync(CancellationToken.None);
            await write.Connection.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET lease_until = NULL WHERE id = @id AND lease_until = @mine",
                new { id = webhook.Id, mine = lease.Until }, write.Transaction));
            await write.CommitWithoutHistoryAsync("giving the delivery lease back is the webhooks' bookkeeping", CancellationToken.None);
        }
    }

    /// <summary>Where a webhook's POSTs go and their signer, made once for the time its task delivers it.</summary>
    private sealed record Target(Webhook Webhook, Uri Url, WebhookSignature.Signer Signer);

    /// <summary>One delivery attempt's outcome, to be written with the batch's others.</summary>
    private sealed record Outcome(Pending Delivery, string At, int? Status, string? Error);

    /// <summary>A due delivery with its event's body as the receiver gets it, and when the event occurred.</summary>
    private sealed record Due(Pending Delivery, string At, byte[] Body);

    /// <summary>
    /// Takes a turn, then POSTs the webhook's due events in order until one fails, and writes the outcomes in one write:
    /// one event a POST, or for a webhook that takes more, up to its <c>max_events_per_delivery</c> a POST, each POST's
    /// events delivered or failed together. Answers how many were attempted, and whether the batch was full (more may be due).
    /// </summary>
    private async Task<(int Sent, bool Full)> DeliverBatchAsync(HttpClient http, Target target, IReadOnlyList<TimeSpan> delays, Lease lease, CancellationToken ct)
    {
        var webhook = target.Webhook;
        Interlocked.Increment(ref _waitingForTurn);
        try { await _turns.WaitAsync(ct); }
        finally { Interlocked.Decrement(ref _waitingForTurn); }
        try
        {
            // A batch of the bookkeeping holds at least one POST's worth of events.
            var take = Math.Max(Settings.BatchSize, webhook.MaxEventsPerDelivery);
            var batch = await NextDueAsync(webhook.Id, take, ct);
            var outcomes = new List<Outcome>(batch.Count);
            foreach (var post in batch.Chunk(webhook.MaxEventsPerDelivery))
            {
                // Slow receivers: the batch ends before the lease could run out, and its outcomes renew it.
                if (outcomes.Count > 0 && lease.Aging(time.GetUtcNow())) break;
                (int? Status, string? Error) answer;
                // Receivers are region systems outside the register: they get a marked risk redacted, as system clients do.
                try
                {
                    answer = webhook.MaxEventsPerDelivery == 1
                        ? await PostAsync(http, target, EventReader.EventId(post[0].Delivery.EventId), post[0].Body, ct)
                        : await PostAsync(http, target, BatchId(post[0].Delivery.EventId, post[^1].Delivery.EventId), EventBodies.Join(post.Select(c => c.Body).ToList()), ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }   // stopping: sent again after the start
                foreach (var due in post) outcomes.Add(new Outcome(due.Delivery, due.At, answer.Status, answer.Error));
                if (answer.Error is not null) break;   // the later ones wait behind it, in order
            }
            // Written even when stopping: what the receiver has got is not sent again.
            if (outcomes.Count > 0) await RecordAsync(webhook.Id, outcomes, delays, lease);
            return (outcomes.Count, batch.Count == take || outcomes.Count < batch.Count && outcomes[^1].Error is null);
        }
        finally { _turns.Release(); }
    }

    /// <summary>
    /// A batch's <c>webhook-id</c>: its first and last event's ids (<c>evt_120-evt_131</c>). The same events sent again
    /// (a retry) have the same id; no dot, which separates the id from the timestamp in what is signed.
    /// </summary>
    internal static string BatchId(long first, long last) => EventReader.EventId(first) + "-" + EventReader.EventId(last);

    /// <summary>What a chunk's events have in common: after a batch's outcomes, events with different ones are in different chunks.</summary>
    private sealed record ChunkState(string Status, long Attempts, long? LastStatusCode, string? LastError, string? NextAttemptAt, string? DeliveredAt)
    {
        public static ChunkState Of(DeliveryChunk chunk) =>
            new(chunk.Status, chunk.Attempts, chunk.LastStatusCode, chunk.LastError, chunk.NextAttemptAt, chunk.DeliveredAt);
    }

    private const string SplitChunkSql = """
        UPDATE webhook_delivery_chunks SET last_event_id = @last, event_ids = @ids, status = @status, attempts = @attempts,
            last_status_code = @lastStatusCode, last_error = @lastError, next_attempt_at = @nextAttemptAt, delivered_at = @deliveredAt
        WHERE webhook_id = @webhookId AND first_event_id = @first AND last_event_id = @wasLast AND status = 'pending' AND attempts = @wasAttempts
        """;

    private const string AddChunkSql = """
        INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, last_status_code, last_error,
            next_attempt_at, delivered_at)
        VALUES (@webhookId, @first, @last, @ids, @status, @attempts, @lastStatusCode, @lastError, @nextAttemptAt, @deliveredAt)
        """;

    /// <summary>
    /// The outcomes of a batch in one write, and the lease held on. Each chunk the batch took events from is written as
    /// the runs of its events that now share a state — each event's as its own row had it: a delivered one counts its
    /// attempt and is delivered; a failed POST's events count theirs and wait their next delay, or have failed when their
    /// retries are spent; those not sent (after a failure, or past the batch) are unchanged. The first run keeps the
    /// chunk's row, the others are new rows; a chunk no longer as read (another holder's, after a lost lease) is left.
    /// </summary>
    private async Task RecordAsync(long webhookId, IReadOnlyList<Outcome> outcomes, IReadOnlyList<TimeSpan> delays, Lease lease)
    {
        var now = time.GetUtcNow();
        var stamp = Clock.Text(now);
        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        var (c, t) = write;
        foreach (var touched in outcomes.GroupBy(o => o.Delivery.Chunk))
        {
            var chunk = touched.Key;
            var unchanged = ChunkState.Of(chunk);
            var answered = touched.ToDictionary(o => o.Delivery.EventId);
            var runs = new List<(ChunkState State, List<long> Ids)>();
            foreach (var id in chunk.Ids)
            {
                var state = answered.TryGetValue(id, out var o) ? After(o) : unchanged;
                if (runs.Count == 0 || runs[^1].State != state) runs.Add((state, []));
                runs[^1].Ids.Add(id);
            }
            object Row((ChunkState State, List<long> Ids) run) => new
            {
                webhookId, first = run.Ids[0], last = run.Ids[^1], ids = DeliveryChunk.Text(run.Ids), status = run.State.Status, attempts = run.State.Attempts,
                lastStatusCode = run.State.LastStatusCode, lastError = run.State.LastError, nextAttemptAt = run.State.NextAttemptAt, deliveredAt = run.State.DeliveredAt,
                wasLast = chunk.LastEventId, wasAttempts = chunk.Attempts,
            };
            if (await c.ExecuteAsync(new CommandDefinition(SplitChunkSql, Row(runs[0]), t)) == 0) continue;
            if (runs.Count > 1) await c.ExecuteAsync(new CommandDefinition(AddChunkSql, runs.Skip(1).Select(Row).ToList(), t));
        }
        var until = Clock.Text(now + lease.Length);
        await c.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET lease_until = @until WHERE id = @id AND lease_until = @mine",
            new { id = webhookId, until, mine = lease.Until }, t));
        await write.CommitWithoutHistoryAsync("a batch's delivery outcomes are the webhooks' bookkeeping", CancellationToken.None);
        (lease.Until, lease.Written) = (until, now);
        foreach (var o in outcomes)
        {
            Metrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", o.Error is null ? "delivered" : o.Delivery.Attempts + 1 > delays.Count ? "failed" : "retry"));
            if (o.Error is null && DateTimeOffset.TryParse(o.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var occurred))
                Metrics.WebhookLatency.Record((now - occurred).TotalSeconds);
        }
        Recorded?.Invoke(webhookId, outcomes.Count);

        ChunkState After(Outcome o)
        {
            var attempts = o.Delivery.Attempts + 1;
            if (o.Error is null) return new ChunkState("delivered", attempts, o.Status, null, null, stamp);
            var failed = attempts > delays.Count;
            return new ChunkState(failed ? "failed" : "pending", attempts, o.Status, o.Error, failed ? null : Clock.Text(now + delays[(int)attempts - 1]), null);
        }
    }

    /// <summary>How many of a webhook's oldest pending chunks one read takes; a batch reads more only when they hold too few events.</summary>
    private const int ChunksARead = 8;

    private static readonly string PendingChunksSql = $"""
        SELECT {DeliveryChunk.Columns} FROM webhook_delivery_chunks
        WHERE webhook_id = @id AND status = 'pending' AND first_event_id > @after ORDER BY first_event_id LIMIT {ChunksARead}
        """;

    /// <summary>
    /// Of each event of a batch, only when it occurred, its unit and whether it is secret (decided now, as when the whole
    /// event is read): with those its body is usually kept already (<see cref="EventBodies"/>, built for the first webhook
    /// that sent it), so the event itself is read only for the bodies not kept. An event whose history entry is gone is
    /// not found, and left out, as before.
    /// </summary>
    private string DisclosedSql => _disclosedSql ??= $"""
        SELECT h.id AS EventId, {EventReader.Disclosed(db)}
        FROM history h LEFT JOIN plans p ON p.id = h.plan_id
        WHERE {SqlDialect.InIds(db, "h.id", "@ids")}
        """;
    private string? _disclosedSql;

    /// <summary>
    /// The webhook's oldest pending events with their bodies, up to <paramref name="take"/>, in cursor order, when their
    /// chunk is due: a chunk waiting for its retry holds back the later ones.
    /// </summary>
    private async Task<List<Due>> NextDueAsync(long webhookId, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var now = Clock.Text(time.GetUtcNow());
        var taken = new List<(long EventId, DeliveryChunk Chunk)>(take);
        for (long after = 0; taken.Count < take;)
        {
            var chunks = (await connection.QueryAsync<DeliveryChunk>(new CommandDefinition(PendingChunksSql, new { id = webhookId, after }, cancellationToken: ct))).AsList();
            var waiting = false;
            foreach (var chunk in chunks)
            {
                if (chunk.NextAttemptAt is { } at && string.CompareOrdinal(at, now) > 0)
                {
                    waiting = true;
                    break;
                }
                foreach (var id in chunk.Ids)
                {
                    if (taken.Count == take) break;
                    taken.Add((id, chunk));
                }
                if (taken.Count == take) break;
            }
            if (waiting || chunks.Count < ChunksARead) break;
            after = chunks[^1].FirstEventId;
        }
        if (taken.Count == 0) return [];
        var disclosed = (await connection.QueryAsync<Pending>(new CommandDefinition(DisclosedSql,
            new { ids = SqlDialect.Ids(db, taken.Select(e => e.EventId).ToList()) }, cancellationToken: ct))).ToDictionary(p => p.EventId);
        var due = new List<Pending>(taken.Count);
        foreach (var (id, chunk) in taken)
            if (disclosed.TryGetValue(id, out var p))
            {
                p.Chunk = chunk;
                due.Add(p);
            }
        if (due.Count == 0) return [];
        var bodies = due.Select(p => _bodies.Kept(p.EventId, p.Secret, p.UnitId)).ToArray();
        Dictionary<long, EventReader.Row>? rows = null;
        var missing = due.Where((_, i) => bodies[i] is null).Select(p => p.EventId).ToArray();
        if (missing.Length > 0)
        {
            // Read as before for the ones not kept; their secrecy and unit are decided again, now, by this read.
            rows = (await connection.QueryAsync<EventReader.Row>(new CommandDefinition(
                EventReader.Select(Disclosure.Redacted, db) + $" WHERE {SqlDialect.InList(connection, "h.id", "@ids")} ORDER BY h.id",
                new { ids = missing }, cancellationToken: ct))).ToDictionary(r => r.Id);
            await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, rows.Values.ToList(), ct);
        }
        var batch = new List<Due>(due.Count);
        for (var i = 0; i < due.Count; i++)
        {
            var p = due[i];
            if (bodies[i] is { } kept) batch.Add(new Due(p, p.At!, kept));
            else if (rows!.TryGetValue(p.EventId, out var row)) batch.Add(new Due(p, row.At, _bodies.Of(row)));
            else break;   // gone since the first read: the rest waits for the next batch, in order
        }
        return batch;
    }

    /// <summary>A pending event of a batch: its chunk (whose attempts are its), when it occurred, its unit and secrecy.</summary>
    private sealed class Pending
    {
        public long EventId { get; init; }
        public string? At { get; init; }
        public long? UnitId { get; init; }
        public long Secret { get; init; }
        public DeliveryChunk Chunk { get; set; } = null!;
        public long Attempts => Chunk.Attempts;
    }

    /// <summary>Takes the webhook's lease where no one holds it (or renews this holder's); false when another instance holds it.</summary>
    private async Task<bool> TakeLeaseAsync(long id, Lease lease, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = Clock.Text(now + lease.Length);
        await using var write = await db.BeginWriteAsync(ct);
        var taken = await write.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE webhooks SET lease_until = @until
            WHERE id = @id AND deleted_at IS NULL AND (lease_until IS NULL OR lease_until < @now OR lease_until = @mine)
            """, new { id, now = Clock.Text(now), until, mine = lease.Until }, write.Transaction, cancellationToken: ct));
        await write.CommitWithoutHistoryAsync("taking the delivery lease is the webhooks' bookkeeping", ct);
        if (taken == 1) (lease.Until, lease.Written) = (until, now);
        return taken == 1;
    }

    /// <summary>The POST's content type, as <c>new MediaTypeHeaderValue("application/json", "utf-8")</c> writes it, but not built per POST.</summary>
    private const string JsonUtf8 = "application/json; charset=utf-8";

    /// <summary>One signed POST (Standard Webhooks); the receiver's status, and why it did not count as delivered.</summary>
    private async Task<(int? Status, string? Error)> PostAsync(HttpClient http, Target target, string id, byte[] body, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        // The body as kept (EventBodies), sent as it is; the headers are ours, so not parsed again.
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", JsonUtf8);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", target.Signer.Sign(id, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? (status, null) : (status, $"The receiver answered {status}.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"No answer within {Settings.TimeoutSeconds} s.");
        }
        catch (HttpRequestException refused)
        {
            return (null, refused.Message);
        }
    }

    /// <summary>No redirects; every address a host resolves to checked against Webhooks:AllowedHosts, and the checked one used.</summary>
    private static HttpClient Client(WebhookHosts hosts, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = timeout,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            if (!hosts.Allows(host)) throw new HttpRequestException($"The host {host} is not in Webhooks:AllowedHosts.");
            if (!hosts.AllowsPort(host, context.DnsEndPoint.Port))
                throw new HttpRequestException($"The port {context.DnsEndPoint.Port} is not in Webhooks:AllowedPorts ({hosts.PortsText}) nor an entry host:port of Webhooks:AllowedHosts.");
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(hosts.MayConnect).ToList();
            if (allowed.Count == 0)
                throw new HttpRequestException($"The host {host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, outside the allowed ranges.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed[0], context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = timeout };
}
