using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RiskRegister.Operations;

namespace RiskRegister.Tests.Features;

/// <summary>make backup: a consistent copy of a register in use, taken while several writers write.</summary>
[Trait("Database", "SQLite")]
public sealed class BackupTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_backup_under_write_load_is_sound_holds_every_write_acknowledged_before_it_and_holds_up_no_writer()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration("Säkerhetskopia"));
        var acknowledged = new ConcurrentQueue<(long Id, long At)>();
        var slowest = TimeSpan.Zero;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var client = api.Admin();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var clock = Stopwatch.StartNew();
                var id = await client.AddRisk(planId, Risks.Lower($"Skrivare {w} risk {i}"));
                if (clock.Elapsed > slowest) slowest = clock.Elapsed;
                acknowledged.Enqueue((id, Stopwatch.GetTimestamp()));
            }
        })).ToArray();
        while (acknowledged.Count < 20) await Task.Delay(20);

        var backup = Path.Combine(Path.GetTempPath(), "riskregister-tests", $"backup-{Guid.NewGuid():N}.db");
        var began = Stopwatch.GetTimestamp();
        var counts = await RegisterBackup.RunAsync(api.Database.Path, backup, TextWriter.Null, CancellationToken.None);
        var atBackup = acknowledged.Count;
        while (acknowledged.Count < atBackup + 20) await Task.Delay(20);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        try
        {
            var before = acknowledged.Where(a => a.At < began).Select(a => a.Id).ToList();
            before.Count.ShouldBeGreaterThanOrEqualTo(20);
            acknowledged.Count.ShouldBeGreaterThan(before.Count);   // writers went on during and after the backup
            await using var copy = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
            await copy.OpenAsync();
            (await copy.QueryAsync<string>("PRAGMA integrity_check")).ShouldBe(["ok"]);
            var stored = (await copy.QueryAsync<long>("SELECT id FROM risks WHERE plan_id = @planId", new { planId })).ToHashSet();
            before.Where(id => !stored.Contains(id)).ShouldBeEmpty();
            counts.Single(c => c.Table == "risks").Rows.ShouldBe(stored.Count);
            slowest.ShouldBeLessThan(TimeSpan.FromSeconds(2));
            // A backup is never written over an existing file.
            await Should.ThrowAsync<RegisterMove.Refused>(() => RegisterBackup.RunAsync(api.Database.Path, backup, TextWriter.Null, CancellationToken.None));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(backup);
        }
    }
}
