using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Features.FollowUps;

/// <summary>
/// The reminders of uppföljning 1 and 2 that förvaltningar were sent by e-mail by hand: for each adopted plan and round
/// that is not complete, <c>followUp.dueSoon</c> once when the due date (<c>FollowUps:Round1Due</c>, <c>Round2Due</c>)
/// is within <c>FollowUps:RemindDaysBefore</c> days, and <c>followUp.overdue</c> once when it has passed. Each is a
/// history entry, so the event feed and the webhooks carry it; a row in <c>follow_up_reminders</c>, written in the same
/// transaction, makes it once, whichever instance finds it first. Looked for at start-up and every
/// <c>FollowUps:ReminderScanMinutes</c>; today is the TimeProvider's, so a test can move the clock.
/// </summary>
public sealed class FollowUpReminders(Db db, IOptions<FollowUpSettings> options, TimeProvider time, ILogger<FollowUpReminders> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Reminders) return;
        var every = TimeSpan.FromMinutes(options.Value.ReminderScanMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await ScanAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Looking for follow-up reminders failed; the next scan tries again"); }
            await Task.Delay(every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>What is due: the reminder kind for a round, or null. Pure: the rule, apart from the clock and the store.</summary>
    public static string? Due(int done, int total, DateOnly due, DateOnly today, int remindDaysBefore) =>
        done >= total || total == 0 ? null
        : today > due ? "overdue"
        : due.DayNumber - today.DayNumber <= remindDaysBefore ? "dueSoon"
        : null;

    internal async Task ScanAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        List<Row> plans;
        await using (var connection = await db.OpenAsync(ct))
            plans = (await connection.QueryAsync<Row>(new CommandDefinition("""
                SELECT p.id AS PlanId, p.year AS Year, COUNT(r.id) AS Total, COUNT(f1.risk_id) AS Round1Done, COUNT(f2.risk_id) AS Round2Done
                FROM plans p
                LEFT JOIN risks r ON r.plan_id = p.id
                LEFT JOIN follow_ups_1 f1 ON f1.risk_id = r.id
                LEFT JOIN follow_ups_2 f2 ON f2.risk_id = r.id
                WHERE p.status IN ('adopted', 'revising')
                GROUP BY p.id, p.year
                """, cancellationToken: ct))).ToList();
        foreach (var plan in plans)
            foreach (var (round, done, due) in new[] { (1, plan.Round1Done, settings.Round1For((int)plan.Year)), (2, plan.Round2Done, settings.Round2For((int)plan.Year)) })
                if (Due((int)done, (int)plan.Total, due, today, settings.RemindDaysBefore) is { } kind)
                    await SendOnceAsync(plan.PlanId, round, kind, due, (int)done, (int)plan.Total, ct);
    }

    private async Task SendOnceAsync(long planId, int round, string kind, DateOnly due, int done, int total, CancellationToken ct)
    {
        var now = Clock.Text(time.GetUtcNow());
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var sent = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO follow_up_reminders (plan_id, round, kind, sent_at) VALUES (@planId, @round, @kind, @now)
            ON CONFLICT (plan_id, round, kind) DO NOTHING
            """, new { planId, round, kind, now }, transaction, cancellationToken: ct));
        if (sent == 0) return;   // sent before, here or by another instance
        await write.CommitAsync(new HistoryEntry
        {
            ClientName = "system", Entity = "followUp", EntityId = planId, Action = kind, PlanId = planId,
            After = new { round, due, done, total },
        }, ct);
    }

    private sealed class Row
    {
        public long PlanId { get; init; }
        public long Year { get; init; }
        public long Total { get; init; }
        public long Round1Done { get; init; }
        public long Round2Done { get; init; }
    }
}
