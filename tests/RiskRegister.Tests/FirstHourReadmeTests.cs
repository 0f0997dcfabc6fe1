using System.Text.RegularExpressions;
using RiskRegister.Api.Features.Webhooks;

namespace RiskRegister.Tests;

/// <summary>What a newcomer on a clean clone met in the README and the tools (issue 22, point 11).</summary>
public sealed class FirstHourReadmeTests
{
    private static readonly string Root = OpenApi.OpenApiFile.RepositoryRoot();
    private static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    [Fact]
    public void The_second_terminal_of_the_example_session_finds_the_key_the_first_one_started_with()
    {
        var readme = Read("README.md");
        var session = readme[readme.IndexOf("## Example session", StringComparison.Ordinal)..readme.IndexOf("<!-- README test: example-session", StringComparison.Ordinal)];
        session.ShouldContain("> data/admin.key");                                  // the first terminal keeps it
        session.ShouldContain("Auth__BootstrapAdminKey=$(cat data/admin.key) make run");
        session.ShouldContain("export KEY=$(cat data/admin.key)");                  // the second reads it
    }

    [Fact]
    public void The_demo_writes_its_plan_into_artifacts_which_git_ignores()
    {
        var readme = Read("README.md");
        readme.ShouldNotContain("> plan.html");
        readme.ShouldContain("> artifacts/plan.html");
        Read(".gitignore").ShouldContain("/artifacts/");
    }

    [Fact]
    public void Node_below_22_12_is_upgraded_as_the_readme_says()
    {
        Read("README.md").ShouldContain("Node.js ≥ 22.12");
        Read(".ci/run").ShouldContain("a > 22 || (a === 22 && b >= 12)");
    }

    [Fact]
    public void Make_render_backup_and_move_say_what_they_do_before_they_build()
    {
        var makefile = Read("Makefile");
        foreach (var target in new[] { "render", "backup", "move" })
        {
            var recipe = Regex.Match(makefile, $@"^{target}:\n((?:\t.*\n)+)", RegexOptions.Multiline).Groups[1].Value;
            var lines = recipe.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => !l.StartsWith("@test", StringComparison.Ordinal)).ToList();
            lines[0].ShouldStartWith($"@echo \"make {target}:", customMessage: target);
        }
    }

    [Fact]
    public void The_local_webhook_recipe_allows_what_it_subscribes()
    {
        var readme = Read("README.md");
        var allowed = Regex.Match(readme, @"Webhooks__AllowedHosts=(127\S+)").Groups[1].Value;
        allowed.ShouldStartWith("127.0.0.1/32");
        var hosts = WebhookHosts.Parse(allowed);
        hosts.Allows("127.0.0.1").ShouldBeTrue();
        hosts.AllowsPort("127.0.0.1", 9000).ShouldBeTrue();
        hosts.MayConnect(System.Net.IPAddress.Loopback).ShouldBeTrue();
        readme.ShouldContain("\"url\":\"http://127.0.0.1:9000/hook\"");
    }
}
