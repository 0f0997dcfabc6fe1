using System.Collections.Concurrent;
using System.Diagnostics;

namespace RiskRegister.Tests.Features;

/// <summary>
/// The appsettings.json beside the application is read wherever it is started (issue 22, point 8): `make run` starts
/// it from the repository root, the published binary from a data directory; neither read it before.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class AppSettingsTests
{
    [Fact]
    public async Task The_settings_beside_the_application_are_read_when_it_is_started_from_another_directory()
    {
        var root = OpenApi.OpenApiFile.RepositoryRoot();
        var built = Path.Combine(root, "src", "RiskRegister.Api", "bin", "Release", "net10.0");
        var scratch = Path.Combine(Path.GetTempPath(), "riskregister-tests", $"appsettings-{Guid.NewGuid():N}");
        var app = Path.Combine(scratch, "app");
        var work = Path.Combine(scratch, "work");
        Directory.CreateDirectory(work);
        // The application as published: its files in a folder of their own, with an operator's appsettings.json there.
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(app, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var settings = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "appsettings.json")))!.AsObject();
        settings["Database"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "Path": "from-appsettings/register.db" }""");
        settings["Webhooks"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "AllowedHosts": ["hooks.region.se", "10.20.0.0/16"] }""");
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), settings.ToJsonString());

        var address = new Uri($"http://127.0.0.1:{LiveApiFixture.FreePort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "RiskRegister.Api.dll")])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Auth__BootstrapAdminKey"] = ApiFixture.AdminKey;
        using var service = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        service.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var admin = new HttpClient { BaseAddress = address };
            admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFixture.AdminKey);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try { if ((await admin.GetAsync("/health")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !service.HasExited) { }
                await Task.Delay(100);
            }
            // Relative paths in the settings still mean the working directory, where the operator keeps the data.
            File.Exists(Path.Combine(work, "from-appsettings", "register.db")).ShouldBeTrue(string.Join("\n", output));
            // A list written as a JSON array is read: the host is allowed.
            var webhook = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.region.se/hook" });
            webhook.StatusCode.ShouldBe(HttpStatusCode.Created, await webhook.Content.ReadAsStringAsync());
            // The shipped logging settings: one line per request, as the README says.
            await Task.Delay(500);
            output.ShouldContain(line => line.Contains("info: RiskRegister.Requests", StringComparison.Ordinal) && line.Contains("POST /api/v1/webhooks answered 201", StringComparison.Ordinal),
                string.Join("\n", output));
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }
}
