using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests;

/// <summary>
/// The real service on a real database of its own (a SQLite file, or a PostgreSQL database: see <see cref="TestDatabase"/>):
/// one per test class (xunit class fixture). Migrations run exactly as at start-up. Tests create their own units and plans, so they never depend on order.
/// </summary>
public class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef-0123";

    /// <summary>Set when a test hands the database on to a second service instance.</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>The database this service runs on: a new one, or another fixture's (to start a second service on it).</summary>
    public TestDatabase Database { get => _database ??= TestDatabase.Create(); init => _database = value; }
    private TestDatabase? _database;

    /// <summary>The SQLite file, for the tests of what only SQLite has (a file, its journal, its pragmas).</summary>
    public string DatabasePath => Database.Provider == DatabaseProvider.Sqlite
        ? Database.Path
        : throw new InvalidOperationException("This test reads the SQLite file; mark it [Trait(\"Database\", \"SQLite\")] or read through Database.Open().");

    /// <summary>Extra configuration a derived fixture sets (e.g. a different scale).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>(Database.Settings())
        {
            ["Auth:BootstrapAdminKey"] = AdminKey,
            // Tests make hundreds of requests a second; RateLimitTests turns the limit back on.
            ["RateLimit:PermitsPerMinute"] = "0",
            ["RateLimit:WritesPerDay"] = "0",
            // Reminders are the service's own writes; tests that compare the database before and after a request must
            // not meet one. FollowUpReminderTests turns them back on.
            ["FollowUps:Reminders"] = "false",
        };
        foreach (var (key, value) in Settings())
            settings[key] = value;
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(Contract));
    }

    /// <summary>Every response this fixture's tests received, checked against its operation's declared statuses.</summary>
    public ContractGuard Contract { get; } = new();

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public virtual ValueTask InitializeAsync()
    {
        _ = Server; // starts the host: migrations and bootstrap run now
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!Contract.Violations.IsEmpty)
        {
            // xunit reports this as the test class's cleanup failure (shown with `--logger "console;verbosity=normal"`, as make test runs).
            var message = "Responses the OpenAPI declarations lack (declare them in the endpoint's Configure()):\n  "
                + string.Join("\n  ", Contract.Violations.Distinct());
            throw new InvalidOperationException(message);
        }
        if (KeepDatabase) return;
        Database.Drop();
        GC.SuppressFinalize(this);
    }

    public static readonly JsonSerializerOptions Json = RiskRegister.Api.Infrastructure.ApiJson.Options;
}

/// <summary>
/// The service on a SQLite file whatever the run's provider, for the tests of what only SQLite has (its file, pragmas,
/// checkpoints, quota, query plans). Their classes carry <c>[Trait("Database", "SQLite")]</c>, so the PostgreSQL run of
/// make test leaves them to the SQLite run rather than repeat them.
/// </summary>
public class SqliteApi : ApiFixture
{
    public SqliteApi() => Database = TestDatabase.Create(DatabaseProvider.Sqlite);
}

/// <summary>Helpers that read like the steps of the cycle.</summary>
public static class Api
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PostOk(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, ApiFixture.Json);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> PutOk(this HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, ApiFixture.Json);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> GetOk(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var json = await response.Json();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<long> CreateAdministration(this HttpClient client, string name = "Digitalisering IT och MT") =>
        (await client.CreateAdministrationUnit(name)).Id;

    public static async Task<long> CreatePlan(this HttpClient client, long unitId, int year = 2023) =>
        (await client.CreatePlanView(unitId, year)).Id;
}

/// <summary>Ready-made risks for tests.</summary>
public static class Risks
{
    public static object Bevakning(string title = "Kompetensförsörjning", int p = 2, int c = 3) => new
    {
        title, description = "Svårt att rekrytera specialister.", probability = p, consequence = c,
        handlingMethod = "bevakning", motivation = "Följs via personalrapporten.",
    };

    public static object Granskning(string title = "Informationssäkerhet", int p = 3, int c = 3) => new
    {
        title, description = "Brister i behörighetsstyrning.", probability = p, consequence = c,
        handlingMethod = "granskning", motivation = "Behöver granskas under året.",
    };

    public static object Lower(string title = "Lokalförsörjning", int p = 1, int c = 2) => new
    {
        title, description = "Lokalerna räcker i dag.", probability = p, consequence = c, handlingMethod = "none",
    };

    /// <summary>A kontrollmoment standing alone (the attest control of the held-out year), or tied to <paramref name="riskId"/>.</summary>
    public static object Control(string title = "Attest av fakturor", long? riskId = null) => new
    {
        title, riskId, method = "stickprov", frequency = "halvarsvis", scope = "60 fakturor per halvår",
        responsible = "Ekonomichef", reportedTo = "Nämnden",
    };

    public static object Activity(string due = "2023-10-31") => new
    {
        description = "Stickprov av behörigheter", measure = "Andel korrekta behörigheter", due, responsible = "Säkerhetschef",
    };

    public static object Decision => new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" };

    public static object Round1(int p = 3, int c = 3) => new
    {
        handlingStatus = "inProgress", observations = "Iakttagelser gjorda.", events = "Inga särskilda händelser.", probability = p, consequence = c,
    };

    public static object Round2(int p = 3, int c = 3) => new
    {
        result = "Hanteringen genomförd.", improvementAreas = "Fortsatt bevakning.", finalMotivation = "Bedömningen står fast.", probability = p, consequence = c,
    };

    public static async Task<long> AddRisk(this HttpClient client, long planId, object risk) =>
        (await client.CreateRisk(planId, risk)).Id;

    /// <summary>An adopted plan with one bevakning risk and one granskning risk (with its activity).</summary>
    public static async Task<(long PlanId, long BevakningId, long GranskningId)> AdoptedPlan(this HttpClient client, int year = 2023)
    {
        var unitId = await client.CreateAdministration();
        var planId = await client.CreatePlan(unitId, year);
        var bevakning = await client.AddRisk(planId, Bevakning());
        var granskning = await client.AddRisk(planId, Granskning());
        await client.AddActivity(granskning);
        await client.Adopt(planId);
        return (planId, bevakning, granskning);
    }
}
