using Microsoft.Extensions.Options;
using RiskRegister.Api.Demo;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Public;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Webhooks;
using RiskRegister.Api.Infrastructure.OpenApi;

// The settings beside the application (appsettings.json, copied next to the dll and into the published folder) are
// read wherever it is started: `make run` from the repository, the published binary from a data directory. Relative
// paths in the settings (Database:Path) still mean the working directory, where an operator expects the data.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Before the thread pool's first worker starts: on PostgreSQL its idle workers sleep without spinning (ThreadPoolSpinning).
ThreadPoolSpinning.Apply(builder.Configuration);
RequestLog.Quiet(builder.Logging);
// Wider than the service's own limits, so that a request past those reaches RequestLimits and gets a problem body.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelLineBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeaderBytes;
});

// Every configuration section is bound and checked one way (Settings.AddSettings): a bad value stops the start, naming its key.
builder.Services.AddSettings<DatabaseSettings>(builder.Configuration);
builder.Services.AddSettings<ScaleSettings>(builder.Configuration);
builder.Services.AddSettings<AuthSettings>(builder.Configuration);
builder.Services.AddSettings<LimitSettings>(builder.Configuration);
builder.Services.AddSettings<RateLimitSettings>(builder.Configuration);
builder.Services.AddPublicExcerpt(builder.Configuration);
builder.Services.AddClientRateLimiting();
builder.Services.AddOperatorMetrics(builder.Configuration);
builder.Services.AddSettings<FollowUpSettings>(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
// On SIGTERM: stop accepting, let the requests in flight finish for up to Shutdown:TimeoutSeconds, stop the background
// work (the last WAL checkpoint), exit 0.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 30)));
builder.Services.AddSettings<ProxySettings>(builder.Configuration, ProxySettings.Read);
builder.Services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((o, proxies) => proxies.Value.Configure(o));
builder.Services.AddSingleton(sp => Db.Create(sp.GetRequiredService<IOptions<DatabaseSettings>>().Value));
builder.Services.AddHostedService<WalCheckpointer>();
builder.Services.AddHostedService<IdleMemoryTrim>();
builder.Services.AddHostedService<IdempotencySweeper>();
builder.Services.AddSingleton<DemoLoader>();
builder.Services.AddReports(builder.Configuration);
builder.Services.AddSingleton<RiskRegister.Api.Features.Health.Ready.ReadinessProbe>();
// The documents' HTML encoder (Razor's HtmlRenderer takes it from here) escapes markup characters but leaves å, ä, ö
// as UTF-8 text, as a Swedish document reads; the default would write every one as a character reference.
builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddSingleton<MigrationRunner>();
builder.Services.AddSingleton<BootstrapAdmin>();
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddHostedService<ClientChangeListener>();
builder.Services.AddSettings<WebhookSettings>(builder.Configuration);
builder.Services.AddHostedService<RiskRegister.Api.Features.Webhooks.WebhookDispatcher>();
builder.Services.AddHostedService<RiskRegister.Api.Features.FollowUps.FollowUpReminders>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ScaleSettings>>().Value.ToScale());
builder.Services.AddSettings<AdoptionSettings>(builder.Configuration);
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdoptionSettings>>().Value.ToPolicy());
builder.Services.AddSettings<RiskRegister.Api.Features.Plans.PlanSettings>(builder.Configuration);
builder.Services.AddSettings<RiskRegister.Api.Features.Goals.GoalSettings>(builder.Configuration);

// API keys, and bearer tokens of the issuers in Auth:Issuers (TokenAuthentication).
builder.Services.AddSettings<TokenSettings>(builder.Configuration);
builder.Services.AddTokenAuthentication();
builder.Services.AddSettings<CorsSettings>(builder.Configuration, CorsSettings.Read);
builder.Services.AddBrowserClients();
builder.Services.AddRoleAuthorization();
builder.Services.AddFastEndpoints();
builder.Services.AddApiDocs();

SqlMapper.AddTypeHandler(new DateOnlyHandler());

var app = builder.Build();

Settings.CheckAll(app.Services);   // before the database is touched
await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
if (app.Configuration.GetValue<bool>("Demo:Load"))
    await app.Services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync(CancellationToken.None);
await app.Services.GetRequiredService<BootstrapAdmin>().EnsureAsync(CancellationToken.None);
app.Logger.LogInformation("Database: {DatabaseLocation}", app.Services.GetRequiredService<Db>().Location);

// First: everything after it (the log, the rate limits, Location headers) sees the client and scheme behind a known proxy.
app.UseForwardedHeaders();
app.UseRequestLog();
app.UseSecurityHeaders();
app.UseDocsPagePolicy();
app.UseProblemResponses();
app.UseCors();
app.UseRequestLimits();
app.UsePublicExcerptSwitch();
app.UseContentTypeRules();
app.UseRequestBodyLimit(app.Services.GetRequiredService<IOptions<LimitSettings>>().Value.MaxRequestBodyBytes,
    app.Services.GetRequiredService<IOptions<LimitSettings>>().Value.MaxImportBytes);
app.UseKeyAuthentication();   // ASP.NET's authentication, a remembered key's caller given directly (KeyAuthentication)
app.UseTokenRefusals();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAcceptRules();
app.UseIdempotency();
app.UseWriteBudget();
app.MapOperatorMetrics();
app.UseFastEndpoints(c =>
{
    c.Endpoints.RoutePrefix = "api/v1";
    ApiJson.Configure(c.Serializer.Options);
    ApiEnum.RegisterParsers(c.Binding);
    c.Serializer.SerializerErrorsField = "body";
    c.Errors.ContentType = "application/problem+json";
    c.Errors.ProducesMetadataType = typeof(ApiProblem);
    c.Errors.ResponseBuilder = ApiProblem.FromFailures;
});

app.MapApiDocs();
app.MapProblemTypes();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
