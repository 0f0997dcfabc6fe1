using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RiskRegister.Tests;

/// <summary>The service on a loopback port, started with the consequence areas README's "Consequence areas" names (its <c>make run</c> line).</summary>
public sealed partial class AreasReadmeApi : LiveApiFixture
{
    public static string Readme() => File.ReadAllText(Path.Combine(OpenApi.OpenApiFile.RepositoryRoot(), "README.md"));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("Scale:ConsequenceAreas", AreasSetting().Match(Readme()).Groups["value"].Value)];

    [GeneratedRegex("Scale__ConsequenceAreas=\"(?<value>[^\"]+)\"")]
    private static partial Regex AreasSetting();
}

public sealed partial class ReadmeConsequenceAreasTests(AreasReadmeApi api) : IClassFixture<AreasReadmeApi>
{
    [Fact]
    public async Task The_consequence_areas_example_runs_as_written()
    {
        var script = ReadmeTests.Blocks(AreasReadmeApi.Readme(), "consequence-areas")[0]
            .Replace("http://127.0.0.1:5080", api.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);
        script = Expected().Replace(script, m => "EXPECT=" + m.Groups["status"].Value + " " + m.Groups["command"].Value);
        var work = Directory.CreateTempSubdirectory("riskregister-areas-");
        try
        {
            var file = Path.Combine(work.FullName, "areas.sh");
            // As ReadmeTests: curl shadowed to record each status, and to fail on one the README does not say.
            await File.WriteAllTextAsync(file, """
                set -u
                curl() {
                  local out status want="${EXPECT:-2xx}"
                  out=$(mktemp)
                  status=$(command curl -sS -o "$out" -w '%{http_code}' "$@") || status=000
                  cat "$out"; echo; rm -f "$out"
                  echo "$status" >> "$README_ANSWERS"
                  if { [ "$want" = 2xx ] && [[ "$status" != 2* ]]; } || { [ "$want" != 2xx ] && [ "$status" != "$want" ]; }; then
                    echo "answered $status, the README implies $want: curl $*" >> "$README_FAILURES"
                  fi
                }

                """ + script);
            var answers = Path.Combine(work.FullName, "answers");
            var failures = Path.Combine(work.FullName, "failures");
            File.WriteAllText(failures, "");
            var start = new ProcessStartInfo("bash", [file]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work.FullName };
            start.Environment["KEY"] = ApiFixture.AdminKey;
            start.Environment["README_ANSWERS"] = answers;
            start.Environment["README_FAILURES"] = failures;
            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var errors = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            var log = await output + await errors;
            bash.ExitCode.ShouldBe(0, log);
            (await File.ReadAllTextAsync(failures)).ShouldBeEmpty(log);
            (await File.ReadAllLinesAsync(answers)).Count(s => s == "400").ShouldBe(2, log);
        }
        finally { work.Delete(recursive: true); }

        // What the example did is what the README says it does.
        var risk = await api.Admin().GetOk("/api/v1/risks/1");
        risk.GetProperty("consequence").GetInt32().ShouldBe(2);
        risk.GetProperty("score").GetInt32().ShouldBe(4);
        risk.GetProperty("consequences").EnumerateObject().Select(p => p.Name).ShouldBe(["patientsäkerhet", "ekonomi"]);
        (await api.Admin().GetOk("/api/v1/plans/1")).GetProperty("scale").GetProperty("consequenceAreas").GetArrayLength().ShouldBe(4);
    }

    // A command line the README marks with the status it answers: `curl … # → 400`.
    [GeneratedRegex(@"^(?<command>curl [^\n]*?)\s*#\s*→\s*(?<status>\d{3})\s*$", RegexOptions.Multiline)]
    private static partial Regex Expected();
}
