namespace RiskRegister.Tests.Access;

/// <summary>What the service says, and refuses, when it starts.</summary>
public sealed class StartupTests
{
    private sealed class WeakKeyApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Auth:BootstrapAdminKey", "abc")];
    }

    [Fact]
    public async Task The_start_up_log_names_the_database_file()
    {
        await using var api = new LogCapturingApi();
        await api.InitializeAsync();
        var location = api.Database.Provider == RiskRegister.Api.Infrastructure.DatabaseProvider.Sqlite
            ? "Database: SQLite file " + Path.GetFullPath(api.Database.Path)
            : $"Database: PostgreSQL database {new Npgsql.NpgsqlConnectionStringBuilder(api.Database.ConnectionString).Database} on 127.0.0.1:";
        api.Lines.ShouldContain(line => line.Contains(location, StringComparison.Ordinal));
        api.Lines.ShouldNotContain(line => line.Contains("Password", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_bootstrap_key_given_to_a_register_that_has_clients_is_not_used_and_the_log_says_so()
    {
        TestDatabase database;
        await using (var first = new ApiFixture())
        {
            await first.InitializeAsync();
            database = first.Database;
            first.KeepDatabase = true;
        }
        await using var second = new LogCapturingApi { Database = database };
        await second.InitializeAsync();
        second.Lines.ShouldContain(line => line.Contains("Auth:BootstrapAdminKey is set, but this register already has API clients", StringComparison.Ordinal));
        second.Lines.ShouldNotContain(line => line.Contains(ApiFixture.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bootstrap_key_shorter_than_32_characters_stops_the_start_with_the_reason()
    {
        await using var api = new WeakKeyApi();
        var error = Should.Throw<InvalidOperationException>(() => _ = api.Server);
        error.Message.ShouldContain("Auth:BootstrapAdminKey must be at least 32 characters (it has 3)");
        await Task.CompletedTask;
    }

    private sealed class ForeverDeliveriesApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Webhooks:KeepDeliveredDays", "999999")];
    }

    [Fact]
    public async Task Days_to_keep_deliveries_past_a_century_stop_the_start_with_the_reason()
    {
        // 999999 meant as "for ever" would make the sweep's date overflow at every poll; 0 is "for ever".
        await using var api = new ForeverDeliveriesApi();
        var error = Should.Throw<InvalidOperationException>(() => _ = api.Server);
        error.Message.ShouldContain("Webhooks:KeepDeliveredDays: 999999 is not a number of days from 0 (keep every delivery) to 36500.");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Make_run_passes_no_setting_on_the_command_line_so_the_environment_counts()
    {
        var root = OpenApi.OpenApiFile.RepositoryRoot();
        var start = new System.Diagnostics.ProcessStartInfo("make", ["-n", "-C", root, "run", "demo"]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:5999";
        using var make = System.Diagnostics.Process.Start(start)!;
        var commands = await make.StandardOutput.ReadToEndAsync();
        await make.WaitForExitAsync();
        commands.ShouldContain("ASPNETCORE_URLS='http://127.0.0.1:5999' dotnet run");
        commands.ShouldNotContain("--Database");
        commands.ShouldNotContain("--urls");
    }
}
