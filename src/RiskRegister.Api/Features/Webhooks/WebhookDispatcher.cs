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
/// <item>Queueing: each webhook's <c>cursor</c> is the last event put into its outbox. New events (of its types and
/// units) are queued and the cursor moved in one transaction; on PostgreSQL the webhook's row is locked for it, so two
/// instances never queue one event twice.</item>
/// <item>Delivering: an instance takes a webhook by a lease (<c>lease_until</c>, set only where none is running), and
/// POSTs its oldest pending event, signed; the next waits until that one is delivered or has failed, so a receiver gets
/// them in cursor order. A failure is retried after <c>Webhooks:RetryDelays</c>; after the last, it has failed and
/// the next event follows. A lease left by an instance that died runs out, and another takes over: at least once.</item>
/// </list>
/// Each webhook is delivered by a task of its own, so a receiver that hangs (up to <c>Webhooks:TimeoutSeconds</c>) holds
/// up only itself, never the API's requests or the other receivers.
/// </summary>
public sealed class WebhookDispatcher(Db db, IOptions<WebhookSettings> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private WebhookSettings Settings => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delays = Settings.Delays();
        var hosts = Settings.Hosts();
        using var http = Client(hosts, TimeSpan.FromSeconds(Settings.TimeoutSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var webhook in await ActiveAsync(stoppingToken))
                {
                    await QueueAsync(webhook, stoppingToken);
                    // One task per webhook at a time. Its entry stays when it ends (a finished task is replaced here): a
                    // task that removed itself could end before it was added, and the webhook would never run again.
                    if (_running.TryGetValue(webhook.Id, out var running) && !running.IsCompleted) continue;
                    _running[webhook.Id] = Task.Run(async () =>
                    {
                        try { await DeliverAsync(http, webhook, delays, stoppingToken); }
                        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Webhook {WebhookId}: delivery round failed", webhook.Id); }
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
            await Task.Delay(Settings.PollMilliseconds, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);
    private const int SweepBatch = 1000;
    private const int SweepBatchesPerRound = 10;
    private DateTimeOffset? _swept;
    private bool _sweeping;

    /// <summary>
    /// Deletes from the outbox what no one reads any more: deliveries delivered more than <c>Webhooks:KeepDeliveredDays</c>
    /// ago, and every delivery of a deleted webhook (its deliveries are no longer listed). A thousand rows per write, so
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
                    DELETE FROM webhook_deliveries WHERE (webhook_id, event_id) IN
                        (SELECT webhook_id, event_id FROM webhook_deliveries WHERE {which} LIMIT {SweepBatch})
                    """, new { before }, write.Transaction, cancellationToken: ct));
                await write.CommitWithoutHistoryAsync("the outbox sweep deletes deliveries, not the register's data", ct);
            } while (deleted == SweepBatch);
        }
        return true;
    }

    /// <summary>A subscription as this round read it; <c>Cursor</c> may have moved on since (it only grows).</summary>
    internal sealed record Webhook(long Id, string Url, string Secret, IReadOnlySet<string>? Types, IReadOnlySet<long>? UnitIds, long Cursor);

    private async Task<List<Webhook>> ActiveAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Url, string Secret, string? Types, string? UnitIds, long Cursor)>(new CommandDefinition(
            "SELECT id, url, secret, types, unit_ids, cursor FROM webhooks WHERE deleted_at IS NULL ORDER BY id", cancellationToken: ct));
        return rows.Select(r => new Webhook(r.Id, r.Url, r.Secret, r.Types?.Split(',').ToHashSet(StringComparer.Ordinal),
            r.UnitIds?.Split(',').Select(u => long.Parse(u, CultureInfo.InvariantCulture)).ToHashSet(), r.Cursor)).ToList();
    }

    /// <summary>Puts the events after the webhook's cursor that it wants into its outbox, a batch at a time.</summary>
    private async Task QueueAsync(Webhook webhook, CancellationToken ct)
    {
        // Most rounds find nothing new: a read says so, without a write transaction (on SQLite, the writer's turn)
        // every poll for every webhook.
        await using (var read = await db.OpenAsync(ct))
            if (await read.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
                    "SELECT id FROM history WHERE id > @cursor ORDER BY id LIMIT 1", new { cursor = webhook.Cursor }, cancellationToken: ct)) is null)
                return;
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var lockSql = "SELECT cursor FROM webhooks WHERE id = @id" + (RowLocks.Needed(transaction) ? " FOR UPDATE" : "");
        var cursor = await connection.ExecuteScalarAsync<long>(new CommandDefinition(lockSql, new { id = webhook.Id }, transaction, cancellationToken: ct));
        var rows = (await connection.QueryAsync<EventReader.Row>(new CommandDefinition(
            // Only the type and unit are looked at here; the delivery reads the event as receivers get it.
            EventReader.Select(Disclosure.Full) + " WHERE h.id > @cursor ORDER BY h.id LIMIT 500", new { cursor }, transaction, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return;
        var now = Clock.Text(time.GetUtcNow());
        foreach (var row in rows)
        {
            if (row.ToEvent(Disclosure.Full) is not { } e) continue;
            if (webhook.Types is { } types && !types.Contains(e.Type)) continue;
            if (webhook.UnitIds is { } units && (e.UnitId is not { } unit || !units.Contains(unit))) continue;
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, next_attempt_at) VALUES (@webhook, @event, 'pending', 0, @now)
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """, new { webhook = webhook.Id, @event = row.Id, now }, transaction, cancellationToken: ct));
        }
        await connection.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET cursor = @cursor WHERE id = @id",
            new { id = webhook.Id, cursor = rows[^1].Id }, transaction, cancellationToken: ct));
        await write.CommitWithoutHistoryAsync("queueing deliveries of events is the webhooks' bookkeeping", ct);
    }

    private async Task DeliverAsync(HttpClient http, Webhook webhook, IReadOnlyList<TimeSpan> delays, CancellationToken ct)
    {
        var lease = TimeSpan.FromSeconds(Settings.TimeoutSeconds + 30);
        if (!await TakeLeaseAsync(webhook.Id, lease, ct)) return;   // another instance delivers it
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var (delivery, row) = await NextDueAsync(webhook.Id, ct);
                if (delivery is null || row is null) return;

                // Receivers are region systems outside the register: they get a marked risk redacted, as system clients do.
                var (status, error) = await PostAsync(http, webhook, row.ToEvent(Disclosure.Redacted)!, ct);
                var attempts = delivery.Attempts + 1;
                await using var write = await db.BeginWriteAsync(ct);
                var (c, t) = write;
                var stamp = Clock.Text(time.GetUtcNow());
                Metrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", error is null ? "delivered" : attempts > delays.Count ? "failed" : "retry"));
                if (error is null && DateTimeOffset.TryParse(row.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var occurred))
                    Metrics.WebhookLatency.Record((time.GetUtcNow() - occurred).TotalSeconds);
                if (error is null)
                    await c.ExecuteAsync(new CommandDefinition("""
                        UPDATE webhook_deliveries SET status = 'delivered', attempts = @attempts, last_status_code = @status, last_error = NULL,
                            next_attempt_at = NULL, delivered_at = @stamp WHERE webhook_id = @id AND event_id = @event
                        """, new { id = webhook.Id, @event = delivery.EventId, attempts, status, stamp }, t, cancellationToken: ct));
                else
                {
                    var failed = attempts > delays.Count;
                    await c.ExecuteAsync(new CommandDefinition("""
                        UPDATE webhook_deliveries SET status = @state, attempts = @attempts, last_status_code = @status, last_error = @error,
                            next_attempt_at = @nextAt WHERE webhook_id = @id AND event_id = @event
                        """, new
                    {
                        id = webhook.Id, @event = delivery.EventId, attempts, status, error, state = failed ? "failed" : "pending",
                        nextAt = failed ? null : Clock.Text(time.GetUtcNow() + delays[(int)attempts - 1]),
                    }, t, cancellationToken: ct));
                }
                await c.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET lease_until = @until WHERE id = @id",
                    new { id = webhook.Id, until = Clock.Text(time.GetUtcNow() + lease) }, t, cancellationToken: ct));
                await write.CommitWithoutHistoryAsync("a delivery's outcome is the webhooks' bookkeeping", ct);
            }
        }
        finally
        {
            await using var write = await db.BeginWriteAsync(CancellationToken.None);
            await write.Connection.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET lease_until = NULL WHERE id = @id", new { id = webhook.Id }, write.Transaction));
            await write.CommitWithoutHistoryAsync("giving the delivery lease back is the webhooks' bookkeeping", CancellationToken.None);
        }
    }

    /// <summary>The webhook's oldest pending delivery with its event, when it is due; in cursor order, later ones wait behind it.</summary>
    private async Task<(Pending?, EventReader.Row?)> NextDueAsync(long webhookId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var delivery = await connection.QuerySingleOrDefaultAsync<Pending>(new CommandDefinition("""
            SELECT event_id AS EventId, attempts AS Attempts, next_attempt_at AS NextAttemptAt FROM webhook_deliveries
            WHERE webhook_id = @id AND status = 'pending' ORDER BY event_id LIMIT 1
            """, new { id = webhookId }, cancellationToken: ct));
        if (delivery is null) return (null, null);
        if (delivery.NextAttemptAt is { } due && string.CompareOrdinal(due, Clock.Text(time.GetUtcNow())) > 0) return (null, null);
        var row = await connection.QuerySingleAsync<EventReader.Row>(new CommandDefinition(
            EventReader.Select(Disclosure.Redacted) + " WHERE h.id = @id", new { id = delivery.EventId }, cancellationToken: ct));
        await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, [row], ct);
        return (delivery, row);
    }

    private sealed class Pending
    {
        public long EventId { get; init; }
        public long Attempts { get; init; }
        public string? NextAttemptAt { get; init; }
    }

    private async Task<bool> TakeLeaseAsync(long id, TimeSpan lease, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var write = await db.BeginWriteAsync(ct);
        var taken = await write.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE webhooks SET lease_until = @until WHERE id = @id AND deleted_at IS NULL AND (lease_until IS NULL OR lease_until < @now)
            """, new { id, now = Clock.Text(now), until = Clock.Text(now + lease) }, write.Transaction, cancellationToken: ct));
        await write.CommitWithoutHistoryAsync("taking the delivery lease is the webhooks' bookkeeping", ct);
        return taken == 1;
    }

    /// <summary>One signed POST (Standard Webhooks); the receiver's status, and why it did not count as delivered.</summary>
    private async Task<(int? Status, string? Error)> PostAsync(HttpClient http, Webhook webhook, Event e, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(e, ApiJson.Options);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", e.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(webhook.Secret, e.Id, timestamp, body));
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
