using System.Diagnostics;
using System.Text;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// The real service on a real port (Kestrel), behind two Stoplight Prism proxies in <c>--errors</c> mode that check
/// the traffic against the committed contract, as a validating API gateway would: <see cref="Strict"/> checks requests
/// and responses (for a well-behaved client such as the generated one), <see cref="ResponsesOnly"/> checks only
/// responses (for error cases whose request is deliberately wrong). A response that violates the document comes back
/// from Prism as a 500 whose type names its violations.
/// </summary>
public sealed class ProxiedApiFixture : LiveApiFixture
{
    public const int PermitsPerMinute = 120;

    private readonly List<Process> proxies = [];
    private readonly StringBuilder proxyLog = new();

    public Uri Strict { get; private set; } = null!;
    public Uri ResponsesOnly { get; private set; } = null!;

    // A limit high enough for the cycle and the error table, low enough for one client to reach it in a test.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("RateLimit:PermitsPerMinute", PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var upstream = Address.ToString().TrimEnd('/');
        var started = await Task.WhenAll(StartPrism(upstream, validateRequests: true), StartPrism(upstream, validateRequests: false));
        (Strict, ResponsesOnly) = (started[0], started[1]);
    }

    /// <summary>A client through a proxy, with a key.</summary>
    public HttpClient Through(Uri proxy, string? key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public string ProxyLog
    {
        get { lock (proxyLog) return proxyLog.ToString(); }
    }

    /// <summary>What Prism's validator logged (violations below error severity too): a conforming service causes none.</summary>
    public IReadOnlyList<string> Violations() =>
        ProxyLog.Split('\n').Where(line => line.Contains("[VALIDATOR]", StringComparison.Ordinal) || line.Contains("Violation", StringComparison.OrdinalIgnoreCase)).ToList();

    private async Task<Uri> StartPrism(string upstream, bool validateRequests)
    {
        var root = OpenApiFile.RepositoryRoot();
        var prism = Path.Combine(root, "tools", "openapi-lint", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
            throw new InvalidOperationException($"{prism} is missing: run `make lint-openapi` (npm ci in tools/openapi-lint installs the pinned Prism), or `make test`, which does.");
        var port = LiveApiFixture.FreePort();
        var start = new ProcessStartInfo(prism)
        {
            ArgumentList = { "proxy", "--errors", "--validate-request", validateRequests ? "true" : "false", "--cors", "false",
                "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), OpenApiFile.CommittedPath(), upstream },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        proxies.Add(process);
        var listening = new TaskCompletionSource();
        void Read(string? line)
        {
            if (line is null) return;
            lock (proxyLog) proxyLog.AppendLine(line);
            if (line.Contains("Prism is listening", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != listening.Task)
            throw new InvalidOperationException("Prism did not start:\n" + ProxyLog);
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var process in proxies)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            process.Dispose();
        }
        await base.DisposeAsync();
    }
}
