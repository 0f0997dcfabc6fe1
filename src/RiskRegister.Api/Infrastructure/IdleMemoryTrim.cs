namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Gives memory back after a storm. The GC collects only when the program allocates, so a service that goes quiet
/// after 200 concurrent plan documents keeps the heap it grew to (measured: 342 MB still resident 30 s after the storm,
/// with server GC, DATAS and GCConserveMemory, see bench/README.md). When the process has allocated almost nothing for
/// a while but still holds much more than it did after the last trim, one aggressive, compacting collection decommits
/// the rest, and the idle SQLite connections give back their page caches. It never runs under load: the allocation
/// rate is the test.
/// </summary>
public sealed class IdleMemoryTrim(Db db, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private const long QuietBytesPerInterval = 4L << 20;    // under 4 MiB allocated in 5 s: idle
    private const long WorthTrimmingBytes = 64L << 20;      // at least 64 MiB more committed than after the last trim

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var afterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = GC.GetTotalAllocatedBytes();
            var quiet = now - allocated < QuietBytesPerInterval;
            allocated = now;
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (!quiet || committed - afterTrim < WorthTrimmingBytes) continue;
            // Npgsql's idle connections hold no cache of this process's memory worth shrinking.
            try { if (db is SqliteDb sqlite) await sqlite.ShrinkIdleAsync(stoppingToken); }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A trim that fails is only memory not given back; it must never stop the service.
                logger.LogWarning(error, "Idle trim: the SQLite connections could not shrink their caches");
            }
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            ReturnFreedNativeMemory();
            afterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;
            allocated = GC.GetTotalAllocatedBytes();
            logger.LogInformation("Idle: gave back {FreedMegabytes} MiB of GC heap ({CommittedMegabytes} MiB committed now)",
                (committed - afterTrim) >> 20, afterTrim >> 20);
        }
    }

    /// <summary>
    /// glibc keeps what native code freed (SQLite's page caches after shrink_memory, Kestrel's and the runtime's native
    /// buffers) in its arenas for reuse; <c>malloc_trim(0)</c> hands the free pages back to the system. Measured in
    /// bench/README.md (make bench-storm). Elsewhere (musl, other systems) there is nothing to call, and nothing lost.
    /// </summary>
    private void ReturnFreedNativeMemory()
    {
        if (!OperatingSystem.IsLinux() || trimUnavailable) return;
        try { _ = MallocTrim(0); }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            trimUnavailable = true;
            logger.LogInformation("Idle trim: this C library has no malloc_trim; native memory is left to it");
        }
    }

    private bool trimUnavailable;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
