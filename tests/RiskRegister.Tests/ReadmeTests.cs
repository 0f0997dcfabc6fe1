using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RiskRegister.Tests;

/// <summary>
/// The README's example session and access section, taken from README.md itself (so they cannot drift) and run with
/// bash and curl against a started service on an empty register, as a newcomer would paste them.
/// Every curl must answer 2xx, except where the README marks another status (<c># → 409</c>).
/// </summary>
public sealed partial class ReadmeTests(LiveApiFixture api) : IClassFixture<LiveApiFixture>
{
    // Shadows curl: prints what curl prints, and records each answer that is not what the README says.
    private const string Prelude = """
        set -u
        curl() {
          local out status want="${EXPECT:-2xx}"
          out=$(mktemp)
          if [[ " $* " == *" -o "* ]]; then   # the README saves the answer itself (a workbook)
            status=$(command curl -sS -w '%{http_code}' "$@") || status=000
          else
            status=$(command curl -sS -o "$out" -w '%{http_code}' "$@") || status=000
            cat "$out"; echo
          fi
          rm -f "$out"
          echo "$status" >> "$README_ANSWERS"
          if { [ "$want" = 2xx ] && [[ "$status" != 2* ]]; } || { [ "$want" != 2xx ] && [ "$status" != "$want" ]; }; then
            echo "answered $status, the README implies $want: curl $*" >> "$README_FAILURES"
          fi
        }

        """;

    public static IReadOnlyList<string> Blocks(string readme, string marker)
    {
        var at = readme.IndexOf("<!-- README test: " + marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"README.md has no block marked '{marker}'.");
        var fence = Fence().Match(readme, at);
        return [fence.Groups["code"].Value];
    }

    [Fact]
    public async Task The_example_session_and_the_access_section_run_as_written()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(OpenApi.OpenApiFile.RepositoryRoot(), "README.md"));
        var script = string.Join("\n", Blocks(readme, "example-session").Concat(Blocks(readme, "access"))
            .Concat(Blocks(readme, "spreadsheets")).Concat(Blocks(readme, "revisions")).Concat(Blocks(readme, "levels")).Concat(Blocks(readme, "goals")));
        script = script.Replace("http://127.0.0.1:5080", api.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
        script = Expected().Replace(script, m => "EXPECT=" + m.Groups["status"].Value + " " + m.Groups["command"].Value);

        var work = Directory.CreateTempSubdirectory("riskregister-readme-");
        try
        {
            var answers = Path.Combine(work.FullName, "answers");
            var failures = Path.Combine(work.FullName, "failures");
            File.WriteAllText(failures, "");
            var file = Path.Combine(work.FullName, "session.sh");
            await File.WriteAllTextAsync(file, Prelude + script);
            var start = new ProcessStartInfo("bash", [file]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work.FullName };
            start.Environment["KEY"] = ApiFixture.AdminKey;   // what `export KEY=…` and the bootstrap key give the reader
            start.Environment["README_ANSWERS"] = answers;
            start.Environment["README_FAILURES"] = failures;
            // python3 as the README's setup installs it (Debian's, with python3-openpyxl), before any other on the PATH.
            start.Environment["PATH"] = "/usr/bin:" + Environment.GetEnvironmentVariable("PATH");
            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var errors = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            var log = await output + await errors;
            bash.ExitCode.ShouldBe(0, log);
            (await File.ReadAllTextAsync(failures)).ShouldBeEmpty(log);
            var statuses = await File.ReadAllLinesAsync(answers);
            statuses.Length.ShouldBeGreaterThan(15, log);   // every command ran
            statuses.ShouldContain("409");                  // the refused adoption, as the README says
            statuses.ShouldContain("412");                  // the stale ETag of the levels section
        }
        finally { work.Delete(recursive: true); }

        // What the session did is what the README says it does.
        var plan = await api.Admin().GetOk("/api/v1/plans/1");
        plan.GetProperty("status").GetString().ShouldBe("closed");
        (await api.Admin().GetOk("/api/v1/plans?year=2024")).GetProperty("items").GetArrayLength().ShouldBe(1);
        var revised = await api.Admin().GetOk("/api/v1/plans/2");
        // The spreadsheet walkthrough's new risk came in one import with its activity and its control.
        var imported = revised.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("title").GetString() == "Dubbla utbetalningar");
        imported.GetProperty("activities").GetArrayLength().ShouldBe(1);
        revised.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("title").GetString() == "Avstämning av leverantörsutbetalningar")
            .GetProperty("riskId").GetInt64().ShouldBe(imported.GetProperty("id").GetInt64());
        revised.GetProperty("status").GetString().ShouldBe("adopted");
        revised.GetProperty("round1").GetProperty("reported").GetProperty("complete").GetBoolean().ShouldBeFalse();
        (await api.Admin().GetOk("/api/v1/plans/2/revisions")).GetProperty("items")[0].GetProperty("state").GetString().ShouldBe("adopted");
        var tillsyn = (await api.Admin().GetOk("/api/v1/plans?year=2025")).GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        (await api.Admin().GetOk($"/api/v1/plans/{tillsyn.GetProperty("id").GetInt64()}")).GetProperty("documentTitle").GetString().ShouldBe("Tillsynsplan");
    }

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    // A command line the README marks with the status it answers: `curl … # → 409`.
    [GeneratedRegex(@"^(?<command>curl [^\n]*?)\s*#\s*→\s*(?<status>\d{3})\s*$", RegexOptions.Multiline)]
    private static partial Regex Expected();
}
