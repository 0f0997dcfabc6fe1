namespace RiskRegister.Api.Features.Reports;

/// <summary>
/// Identical reads at the same moment share one build. A storm of clients reading the same large plan (issue 22: 100 at
/// once of an 18 MB plan) otherwise builds it once a client, in the gate's turns: each build a plan's worth of objects
/// that die right after, which server GC lets pile up well past the live set before it collects (measured: peak 713–829
/// MB with the turns alone, see bench/README.md "Storms of large reads"). Shared, the plan is built once and sent to
/// every waiting client from the same bytes, which the gate counts once.
/// The key names everything an answer depends on (for a plan: its version, how much of a marked risk the reader gets,
/// the day the rounds are judged on). A build is joined while it runs, and once built while some client still holds it
/// and for no longer than <see cref="MaxAge"/> after it began, so what a version does not cover (a unit renamed) shows
/// within seconds. Measured (STORM=plan make bench-storm, 100 clients, server GC): peak 421 and 406 MB joining for 1 s,
/// 372 MB for 3 s (fewer builds, less of their garbage waiting for a collection); 713–829 MB before sharing.
/// </summary>
public sealed class SharedDocuments(DocumentGate gate, TimeProvider time)
{
    /// <summary>How long after its build began an answer may still be joined by a new reader (a held one; see above).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);

    private readonly Lock sync = new();
    private readonly Dictionary<object, Entry> entries = [];
    private long builds;

    /// <summary>How many builds ran (for the tests).</summary>
    internal long Builds => Interlocked.Read(ref builds);

    /// <summary>
    /// The answer for <paramref name="key"/>: joined when an identical one is being built or was built moments ago and is
    /// still held, otherwise built by <paramref name="build"/> in the gate's turns. <paramref name="build"/> writes the
    /// answer and returns what the readers need beside it (e.g. the version for the ETag), or null when there is nothing
    /// to build (an unknown plan); then the answer is null. The caller sends <see cref="Answer{TStamp}.OpenBody"/> and disposes it.
    /// </summary>
    public async Task<Answer<TStamp>?> BuildAsync<TStamp>(object key, Func<Stream, Task<TStamp?>> build, CancellationToken ct)
        where TStamp : class
    {
        while (true)
        {
            Entry entry;
            bool building;
            lock (sync)
            {
                if (entries.TryGetValue(key, out var found) && Joinable(found))
                {
                    found.Holders++;
                    (entry, building) = (found, false);
                }
                else
                {
                    entry = new Entry(key, time.GetTimestamp()) { Holders = 1 };
                    entries[key] = entry;   // one no longer joinable stays alive for its holders only
                    building = true;
                }
            }
            if (building) await BuildInto(entry, build, ct);
            Built? built;
            try { built = await entry.Done.Task.WaitAsync(ct); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The client whose request was building went away: build for this one instead.
                await ReleaseAsync(entry);
                continue;
            }
            catch
            {
                await ReleaseAsync(entry);
                throw;
            }
            if (built is null)
            {
                await ReleaseAsync(entry);
                return null;
            }
            return new Answer<TStamp>(this, entry, built);
        }
    }

    private async Task BuildInto<TStamp>(Entry entry, Func<Stream, Task<TStamp?>> build, CancellationToken ct) where TStamp : class
    {
        Interlocked.Increment(ref builds);
        try
        {
            TStamp? stamp = null;
            var document = await gate.BuildAsync(async buffer => (stamp = await build(buffer)) is not null, ct);
            entry.Done.SetResult(document is null ? null : new Built(document, document.Contents(), stamp!));
        }
        catch (OperationCanceledException) { entry.Done.SetCanceled(CancellationToken.None); }
        catch (Exception failed) { entry.Done.SetException(failed); }
    }

    private bool Joinable(Entry entry) =>
        !entry.Done.Task.IsCompleted
        || entry.Done.Task.IsCompletedSuccessfully && time.GetElapsedTime(entry.StartedAt) <= MaxAge;

    private async ValueTask ReleaseAsync(Entry entry)
    {
        lock (sync)
        {
            if (--entry.Holders > 0) return;
            if (entries.TryGetValue(entry.Key, out var current) && current == entry) entries.Remove(entry.Key);
        }
        if (entry.Done.Task.IsCompletedSuccessfully && entry.Done.Task.Result is { } built)
            await built.Document.DisposeAsync();
    }

    internal sealed class Entry(object key, long startedAt)
    {
        public object Key { get; } = key;
        public long StartedAt { get; } = startedAt;
        public TaskCompletionSource<Built?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>Readers holding the entry (under the lock): the last one out gives the document back.</summary>
        public int Holders { get; set; }
    }

    internal sealed record Built(DocumentGate.Document Document, System.Buffers.ReadOnlySequence<byte> Bytes, object Stamp);

    /// <summary>One reader's hold on a shared answer.</summary>
    public sealed class Answer<TStamp> : IAsyncDisposable
    {
        private readonly SharedDocuments owner;
        private readonly Entry entry;
        private readonly Built built;
        private int disposed;

        internal Answer(SharedDocuments owner, Entry entry, Built built)
        {
            (this.owner, this.entry, this.built) = (owner, entry, built);
            Stamp = (TStamp)built.Stamp;
        }

        /// <summary>What the build returned beside the answer.</summary>
        public TStamp Stamp { get; }

        /// <summary>The answer's length in bytes.</summary>
        public long Length => built.Bytes.Length;

        /// <summary>The answer's bytes, read from the start by this reader alone (the blocks themselves are shared, not copied).</summary>
        public Stream OpenBody() => System.IO.Pipelines.PipeReader.Create(built.Bytes).AsStream();

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) await owner.ReleaseAsync(entry);
        }
    }
}
