using System.Diagnostics;
using System.Text.RegularExpressions;
using RiskRegister.DevIdp;

namespace RiskRegister.Tests;

/// <summary>
/// The service on a loopback port configured exactly as README's "Signing in with a token" says (its <c>env</c> lines,
/// read from README.md), with the development provider in process in place of <c>make idp</c>.
/// </summary>
public sealed partial class SigninReadmeApi : LiveApiFixture
{
    public DevIdentityProvider Idp { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Idp = await DevIdentityProvider.StartAsync();
        await base.InitializeAsync();
    }

    public static string Readme() => File.ReadAllText(Path.Combine(OpenApi.OpenApiFile.RepositoryRoot(), "README.md"));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        EnvSetting().Matches(Readme()).Select(m => new KeyValuePair<string, string?>(
            m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal),
            m.Groups["value"].Value.Replace("http://127.0.0.1:5090", Idp.Issuer, StringComparison.Ordinal)))
        .DistinctBy(s => s.Key).ToList();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }

    [GeneratedRegex(@"(?<key>Auth__Issuers__0__[A-Za-z0-9_.]+)=(?<value>\S+)")]
    private static partial Regex EnvSetting();
}

public sealed partial class ReadmeSigninTests(SigninReadmeApi api) : IClassFixture<SigninReadmeApi>
{
    [Fact]
    public async Task Signing_in_and_calling_the_api_with_a_token_runs_as_written()
    {
        var script = ReadmeTests.Blocks(SigninReadmeApi.Readme(), "signin")[0]
            .Replace("http://127.0.0.1:5080", api.Address.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace("http://127.0.0.1:5090", api.Idp.Issuer, StringComparison.Ordinal);
        script = Expected().Replace(script, m => "EXPECT=" + m.Groups["status"].Value + " " + m.Groups["command"].Value);
        var work = Directory.CreateTempSubdirectory("riskregister-signin-");
        try
        {
            var file = Path.Combine(work.FullName, "signin.sh");
            // As ReadmeTests: curl shadowed to record each status, and to fail on one the README does not say.
            await File.WriteAllTextAsync(file, """
                set -u
                curl() {
                  local out status want="${EXPECT:-2xx}"
                  out=$(mktemp)
                  status=$(command curl -sS -o "$out" -w '%{http_code}' "$@") || status=000
                  cat "$out"; echo; rm -f "$out"
                  if { [ "$want" = 2xx ] && [[ "$status" != 2* ]]; } || { [ "$want" != 2xx ] && [ "$status" != "$want" ]; }; then
                    echo "README-FAILURE answered $status, the README implies $want: curl $*"
                  fi
                }

                """ + script);
            var start = new ProcessStartInfo("bash", [file]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var errors = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            var log = await output + await errors;
            bash.ExitCode.ShouldBe(0, log);
            log.ShouldNotContain("README-FAILURE");
            log.ShouldContain("\"via\":\"token\"");
            log.ShouldContain("\"name\":\"Anna Administratör\"");
            log.ShouldContain("\"name\":\"region-integration\",\"role\":\"system\"");
            log.ShouldContain("signature does not verify");
        }
        finally { work.Delete(recursive: true); }
    }

    [GeneratedRegex(@"^(?<command>curl [^\n]*?)\s*#\s*→\s*(?<status>\d{3})\s*$", RegexOptions.Multiline)]
    private static partial Regex Expected();
}
