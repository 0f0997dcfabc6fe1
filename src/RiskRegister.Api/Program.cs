using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Demo;
using RiskRegister.Api.Features.Public;
using RiskRegister.Api.Features.Reports.FollowUpStatus;
using RiskRegister.Api.Infrastructure.OpenApi;

var builder = WebApplication.CreateBuilder(args);
RequestLog.Quiet(builder.Logging);
// Wider than the service's own limits, so that a request past those reaches RequestLimits and gets a problem body.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelLineBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeaderBytes;
});

builder.Services.Configure<DatabaseSettings>(builder.Configuration.GetSection("Database"));
builder.Services.Configure<ScaleSettings>(builder.Configuration.GetSection("Scale"));
builder.Services.Configure<AuthSettings>(builder.Configuration.GetSection("Auth"));
builder.Services.Configure<LimitSettings>(builder.Configuration.GetSection("Limits"));
builder.Services.Configure<RateLimitSettings>(builder.Configuration.GetSection("RateLimit"));
builder.Services.Configure<RiskRegister.Api.Features.Public.PublicSettings>(builder.Configuration.GetSection("Public"));
builder.Services.AddClientRateLimiting();
builder.Services.AddOperatorMetrics(builder.Configuration);
builder.Services.Configure<FollowUpSettings>(builder.Configuration.GetSection("FollowUps"));
builder.Services.AddSingleton(TimeProvider.System);
// On SIGTERM: stop accepting, let the requests in flight finish for up to Shutdown:TimeoutSeconds, stop the background
// work (the last WAL checkpoint), exit 0.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 30)));
builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => ProxySettings.Configure(o, builder.Configuration.GetSection("ForwardedHeaders")));
builder.Services.AddSingleton(sp => Db.Create(sp.GetRequiredService<IOptions<DatabaseSettings>>().Value));
builder.Services.AddHostedService<WalCheckpointer>();
builder.Services.AddHostedService<IdleMemoryTrim>();
builder.Services.AddSingleton<DemoLoader>();
builder.Services.Configure<RiskRegister.Api.Features.Reports.ReportSettings>(builder.Configuration.GetSection("Reports"));
builder.Services.AddSingleton<RiskRegister.Api.Features.Reports.DocumentGate>();
builder.Services.AddSingleton<RiskRegister.Api.Features.Health.Ready.ReadinessProbe>();
// The documents' HTML encoder (Razor's HtmlRenderer takes it from here) escapes markup characters but leaves å, ä, ö
// as UTF-8 text, as a Swedish document reads; the default would write every one as a character reference.
builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddSingleton<MigrationRunner>();
builder.Services.AddSingleton<BootstrapAdmin>();
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddHostedService<ClientChangeListener>();
builder.Services.Configure<RiskRegister.Api.Features.Webhooks.WebhookSettings>(builder.Configuration.GetSection("Webhooks"));
builder.Services.AddHostedService<RiskRegister.Api.Features.Webhooks.WebhookDispatcher>();
builder.Services.AddHostedService<RiskRegister.Api.Features.FollowUps.FollowUpReminders>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ScaleSettings>>().Value.ToScale());
builder.Services.Configure<AdoptionSettings>(builder.Configuration.GetSection("Adoption"));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdoptionSettings>>().Value.ToPolicy());

builder.Services
    .AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddFastEndpoints();
builder.Services.AddApiDocs();

SqlMapper.AddTypeHandler(new DateOnlyHandler());

var app = builder.Build();

var scale = app.Services.GetRequiredService<Scale>();
if (scale.Problems() is { Count: > 0 } scaleProblems)
    throw new InvalidOperationException("The Scale configuration is unusable: " + string.Join(" ", scaleProblems));

if (app.Services.GetRequiredService<IOptions<AuthSettings>>().Value.Problems() is { Count: > 0 } authProblems)
    throw new InvalidOperationException("The Auth configuration is unusable: " + string.Join(" ", authProblems));

if (app.Services.GetRequiredService<IOptions<FollowUpSettings>>().Value.Problems() is { Count: > 0 } dueProblems)
    throw new InvalidOperationException("The FollowUps configuration is unusable: " + string.Join(" ", dueProblems));

_ = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value;   // likewise ForwardedHeaders
_ = app.Services.GetRequiredService<IOptions<RiskRegister.Api.Features.Webhooks.WebhookSettings>>().Value.Checked();   // and Webhooks:RetryDelays, KeepDeliveredDays
_ = app.Services.GetRequiredService<AdoptionPolicy>();   // an unusable Adoption configuration stops the start here, with its reason
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
app.UseRequestLimits();
app.UsePublicExcerptSwitch();
app.UseContentTypeRules();
app.UseRequestBodyLimit(app.Services.GetRequiredService<IOptions<LimitSettings>>().Value.MaxRequestBodyBytes);
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
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
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
