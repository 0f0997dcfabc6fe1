using System.Diagnostics;

namespace RiskRegister.Tests;

/// <summary>The Debian tools the tests drive (Chromium, poppler, PostgreSQL): one way to run them, one timeout.</summary>
public static class Tools
{
    /// <summary>Runs a tool and returns what it printed; missing, failing or hanging (90 s) is an error saying so.</summary>
    public static async Task<string> RunAsync(string path, string package, IEnumerable<string> arguments, string? asUser = null)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: install it with `apt-get install -y {package}` (.ci/run does).");
        // PostgreSQL refuses to run as root: as root, its tools run as their own user, through runuser.
        var start = asUser is null ? new ProcessStartInfo(path) : new ProcessStartInfo("/usr/sbin/runuser");
        if (asUser is not null)
            foreach (var argument in new[] { "-u", asUser, "--", path }) start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(path)} exited {process.ExitCode}: {await errors}{await output}");
        return await output;
    }
}
