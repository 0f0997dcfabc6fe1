using System.Diagnostics;

namespace RiskRegister.Tests;

/// <summary>
/// Debian's Chromium, headless, as the probe and <c>make render</c> run it: a fresh profile each time and nothing that
/// phones home (the machine has no internet). Missing Chromium is a failure that says how to install it, never a skip.
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>The page's DOM after its scripts ran (up to <paramref name="budgetMilliseconds"/> of virtual time).</summary>
    public static async Task<string> DumpDomAsync(Uri page, int budgetMilliseconds = 10_000) =>
        await RunAsync($"--virtual-time-budget={budgetMilliseconds}", "--dump-dom", page.ToString());

    private static async Task<string> RunAsync(params string[] arguments)
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"{Path} is missing: install it with `apt-get install -y chromium` (.ci/run does).");
        var profile = Directory.CreateTempSubdirectory("riskregister-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}" })
                start.ArgumentList.Add(flag);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await errors}");
            return await output;
        }
        finally { profile.Delete(recursive: true); }
    }
}
