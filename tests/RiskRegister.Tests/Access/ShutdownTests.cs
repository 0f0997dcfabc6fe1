using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RiskRegister.Tests.Access;

/// <summary>SIGTERM, as systemd or a container runtime sends it, to the service as its own process under a write load.</summary>
[Trait("Database", "SQLite")]
public sealed class ShutdownTests
{
    [Fact]
    public async Task On_SIGTERM_under_writes_every_answered_write_is_stored_none_gets_a_5xx_and_the_process_exits_0()
    {
        var root = OpenApi.OpenApiFile.RepositoryRoot();
        var dll = Path.Combine(root, "src", "RiskRegister.Api", "bin", "Release", "net10.0", "RiskRegister.Api.dll");
        var database = TestDatabase.Create(RiskRegister.Api.Infrastructure.DatabaseProvider.Sqlite);
        var address = new Uri($"http://127.0.0.1:{LiveApiFixture.FreePort()}");
        var start = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Database__Path"] = database.Path;
        start.Environment["Auth__BootstrapAdminKey"] = ApiFixture.AdminKey;
        start.Environment["RateLimit__PermitsPerMinute"] = "0";
        start.Environment["Shutdown__TimeoutSeconds"] = "10";
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
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try { if ((await admin.GetAsync("/health")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
                await Task.Delay(100);
            }
            var planId = await admin.CreatePlan(await admin.CreateAdministration("Avstängning"));

            var stored = new ConcurrentBag<long>();
            var statuses = new ConcurrentBag<int>();
            var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = address };
                client.DefaultRequestHeaders.Add("X-Api-Key", ApiFixture.AdminKey);
                for (var i = 0; ; i++)
                {
                    HttpResponseMessage response;
                    try { response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", Risks.Lower($"Skrivare {w} risk {i}")); }
                    catch (HttpRequestException) { return; }   // the service has stopped listening
                    statuses.Add((int)response.StatusCode);
                    if (response.IsSuccessStatusCode) stored.Add((await response.Json()).GetProperty("id").GetInt64());
                }
            })).ToArray();
            while (stored.Count < 30) await Task.Delay(20);

            var signalled = Stopwatch.StartNew();
            Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            var exited = service.WaitForExitAsync();
            (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(15)))).ShouldBe(exited, "the service did not exit");
            await Task.WhenAll(writers);

            service.ExitCode.ShouldBe(0, string.Join("\n", output));
            signalled.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(11));
            statuses.Where(s => s >= 500).ShouldBeEmpty();
            await using var connection = new SqliteConnection($"Data Source={database.Path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            var inFile = (await connection.QueryAsync<long>("SELECT id FROM risks WHERE plan_id = @planId", new { planId })).ToHashSet();
            stored.Where(id => !inFile.Contains(id)).ShouldBeEmpty();
            // The last checkpoint copied the log into the file: nothing is left to replay.
            (File.Exists(database.Path + "-wal") ? new FileInfo(database.Path + "-wal").Length : 0).ShouldBe(0);
        }
        finally
        {
            if (!service.HasExited) service.Kill();
            database.Drop();
        }
    }
}
