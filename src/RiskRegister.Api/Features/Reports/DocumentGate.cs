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

    // And these bound them by size: a plan with every text at its limit is 18 MB as JSON (GET /plans/{id}), so eight in
    // flight were 150 MB. A built answer takes its bytes from this budget before its turn ends (one larger than the
    // budget takes all of it), so builds wait while the answers already built are being read. Measured
    // (bench/summary-storm.sh STORM=plan, 100 clients): peak 542 MB without it.
    private readonly ByteBudget bytesInFlight = new(settings.Value.BytesInFlight > 0 ? settings.Value.BytesInFlight : DefaultBytesInFlight);

    /// <summary>What the documents waiting for their clients may hold together, unless <c>Reports:BytesInFlight</c> says otherwise.</summary>
    public const long DefaultBytesInFlight = 32L << 20;

    /// <summary>Bytes of built answers waiting for their clients now (for the tests).</summary>
    internal long BytesInFlight => bytesInFlight.Used;

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
            var size = 0L;
            await turns.WaitAsync(ct);
            try
            {
                built = await build(buffer);
                if (built)
                {
                    size = bytesInFlight.Weigh(buffer.Length);
                    if (!await bytesInFlight.TakeAsync(size, MaxWait, ct)) { built = false; throw new DocumentsBusyException(); }
                }
            }
            finally { turns.Release(); }
            buffer.Position = 0;
            return built ? new Document(buffer, inFlight, bytesInFlight, size) : null;
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
    public sealed class Document(Stream body, SemaphoreSlim inFlight, ByteBudget bytes, long size) : IAsyncDisposable
    {
        public Stream Body => body;

        /// <summary>The whole answer in its pooled blocks, for readers that share it (<see cref="SharedDocuments"/>): not copied.</summary>
        public System.Buffers.ReadOnlySequence<byte> Contents() => ((Microsoft.IO.RecyclableMemoryStream)body).GetReadOnlySequence();

        public async ValueTask DisposeAsync()
        {
            await body.DisposeAsync();
            bytes.Give(size);
            inFlight.Release();
        }
    }

    /// <summary>A number of bytes shared by waiters: each takes its part when it fits, and gives it back when done.</summary>
    public sealed class ByteBudget(long capacity)
    {
        private readonly object sync = new();
        private long used;
        private TaskCompletionSource given = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Used { get { lock (sync) return used; } }

        /// <summary>What <paramref name="bytes"/> takes: all of the budget at most, so that a larger answer can still go alone.</summary>
        public long Weigh(long bytes) => Math.Min(bytes, capacity);

        /// <summary>Takes <paramref name="bytes"/> (weighed) once they fit; false when they did not within <paramref name="wait"/>.</summary>
        public async Task<bool> TakeAsync(long bytes, TimeSpan wait, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(wait);
            while (true)
            {
                Task next;
                lock (sync)
                {
                    if (used == 0 || used + bytes <= capacity) { used += bytes; return true; }
                    next = given.Task;
                }
                try { await next.WaitAsync(timeout.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return false; }
            }
        }

        public void Give(long bytes)
        {
            if (bytes == 0) return;
            TaskCompletionSource done;
            lock (sync)
            {
                used -= bytes;
                done = given;
                given = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            done.TrySetResult();
        }
    }
}

/// <summary>Every place for a document stayed taken for the whole wait: <c>503</c> with <c>Retry-After</c>.</summary>
public sealed class DocumentsBusyException() : Exception("Every place for a document is taken; try again shortly.");
