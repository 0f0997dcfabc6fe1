namespace RiskRegister.Api.Features.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportSettings
{
    /// <summary>How many whole-plan documents (summary JSON or HTML, matrix) are built at once; 0 = the number of cores.</summary>
    public int ConcurrentBuilds { get; set; }
}

/// <summary>
/// Bounds how many whole-plan documents are built at the same moment. A plan at the limits (200 risks × 20 activities,
/// both follow-ups) reads into about 10 MB of objects and prints as 2 MB of HTML; built for 200 clients at once that is
/// gigabytes (measured: peak 3 GB with no bound, see bench/README.md). Each build is CPU-bound, so more builds than
/// cores add no throughput, only memory: the others wait their turn here, holding nothing but their request.
/// </summary>
public sealed class DocumentGate(Microsoft.Extensions.Options.IOptions<ReportSettings> settings)
{
    private readonly SemaphoreSlim turns = new(Width(settings.Value));

    private static int Width(ReportSettings settings) =>
        settings.ConcurrentBuilds > 0 ? settings.ConcurrentBuilds : Math.Max(2, Environment.ProcessorCount);

    /// <summary>Builds a document in its turn; what <paramref name="build"/> returns should be compact (UTF-8 bytes, not a string).</summary>
    public async Task<T> BuildAsync<T>(Func<Task<T>> build, CancellationToken ct)
    {
        await turns.WaitAsync(ct);
        try { return await build(); }
        finally { turns.Release(); }
    }
}
