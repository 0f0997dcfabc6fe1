namespace RiskRegister.Api.Features.Reports;

/// <summary>
/// Bounds how many whole-plan documents are built at the same moment. A plan at the limits (200 risks × 20 activities,
/// both follow-ups) reads into about 10 MB of objects and prints as 2 MB of HTML; built for 200 clients at once that is
/// gigabytes (measured: peak 3 GB with no bound, see bench/README.md). Each build is CPU-bound, so more builds than
/// cores add no throughput, only memory: the others wait their turn here, holding nothing but their request.
/// </summary>
public sealed class DocumentGate(Microsoft.Extensions.Options.IOptions<ReportSettings> settings)
{
    private readonly SemaphoreSlim turns = new(Width(settings.Value));
    // A built document waits for its client to read it; this bounds how many (2 MB each at the limits) wait at once.
    // Measured (bench/summary-storm.sh, 2 cores): 32 in flight peaked at 509 MB, 8 at 365 MB with the same throughput.
    private readonly SemaphoreSlim inFlight = new(settings.Value.DocumentsInFlight > 0 ? settings.Value.DocumentsInFlight : 4 * Math.Max(2, Environment.ProcessorCount));

    // Documents are written into pooled blocks (Microsoft.IO.RecyclableMemoryStream) instead of new arrays and strings
    // each time. The pool keeps at most 16 MiB of free blocks, about what the documents in flight hold at the limits
    // (8 × 2 MB), so it never hoards what a storm needed.
    private readonly Microsoft.IO.RecyclableMemoryStreamManager buffers = new(new Microsoft.IO.RecyclableMemoryStreamManager.Options
    {
        BlockSize = 64 * 1024, LargeBufferMultiple = 1024 * 1024, MaximumBufferSize = 16 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 16L * 1024 * 1024, MaximumLargePoolFreeBytes = 4L * 1024 * 1024,
    });

    private static int Width(ReportSettings settings) =>
        settings.ConcurrentBuilds > 0 ? settings.ConcurrentBuilds : Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Builds a document in its turn into a pooled buffer, which the caller sends and then disposes: that gives the
    /// blocks back and the document's place in flight to the next. Null when <paramref name="build"/> finds nothing to
    /// build (an unknown plan).
    /// </summary>
    public async Task<Document?> BuildAsync(Func<Stream, Task<bool>> build, CancellationToken ct)
    {
        // Slow readers could hold every place for long: past half a minute's wait the answer is "busy", not a hang.
        if (!await inFlight.WaitAsync(MaxWait, ct)) throw new DocumentsBusyException();
        var buffer = buffers.GetStream("document");
        var built = false;
        try
        {
            await turns.WaitAsync(ct);
            try { built = await build(buffer); }
            finally { turns.Release(); }
            buffer.Position = 0;
            return built ? new Document(buffer, inFlight) : null;
        }
        finally
        {
            if (!built)
            {
                await buffer.DisposeAsync();
                inFlight.Release();
            }
        }
    }

    /// <summary>
    /// Runs other whole-plan work that holds a plan's worth of memory (a workbook read and imported) in the same turns
    /// as the documents, so that imports and documents together stay within the bound.
    /// </summary>
    public async Task<T> InTurnAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (!await inFlight.WaitAsync(MaxWait, ct)) throw new DocumentsBusyException();
        try
        {
            await turns.WaitAsync(ct);
            try { return await work(); }
            finally { turns.Release(); }
        }
        finally { inFlight.Release(); }
    }

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>A built document on its way to the client.</summary>
    public sealed class Document(Stream body, SemaphoreSlim inFlight) : IAsyncDisposable
    {
        public Stream Body => body;

        public async ValueTask DisposeAsync()
        {
            await body.DisposeAsync();
            inFlight.Release();
        }
    }
}

/// <summary>Every place for a document stayed taken for the whole wait: <c>503</c> with <c>Retry-After</c>.</summary>
public sealed class DocumentsBusyException() : Exception("Every place for a document is taken; try again shortly.");
