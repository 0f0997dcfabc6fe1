using System.Runtime.CompilerServices;
using RiskRegister.Client;

namespace RiskRegister.Tests;

/// <summary>
/// The setup steps tests repeat (create a unit, plan, risk or activity, adopt, record a follow-up, create a client or
/// a webhook), through the typed client NSwag generates from the committed contract: no route strings and no
/// <c>GetProperty</c> chains in a test's arrangement, and a renamed route or field breaks the build here, in one place,
/// rather than in each test. The client refuses any status the contract does not list, so a failed step fails loudly.
/// Bodies are either the generated request types or the ready-made anonymous bodies of <see cref="Risks"/> (read into
/// the request type, so a test keeps saying what it sends in the API's own words).
/// </summary>
public static class Register
{
    private static readonly ConditionalWeakTable<HttpClient, RiskRegisterClient> clients = [];
    private static int boards;

    /// <summary>The typed client over this client's connection and key.</summary>
    public static RiskRegisterClient Typed(this HttpClient client) => clients.GetValue(client, c => new RiskRegisterClient(c));

    /// <summary>A ready-made body (an anonymous object in the API's JSON) as the generated request type.</summary>
    public static T As<T>(object body) where T : class =>
        body as T ?? JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(body, ApiFixture.Json), ClientJson)!;

    // As the client reads: a list of enum values (webhook types) by the contract's names.
    private static readonly JsonSerializerOptions ClientJson = new(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static Task<UnitView> CreateBoard(this HttpClient client, string name) =>
        client.Typed().CreateUnitAsync(new CreateUnitRequest { Name = name, Kind = UnitKind.Board });

    public static Task<UnitView> CreateUnit(this HttpClient client, string name, long parentId) =>
        client.Typed().CreateUnitAsync(new CreateUnitRequest { Name = name, Kind = UnitKind.Administration, ParentId = parentId });

    /// <summary>A department (verksamhetsområde, område, enhet) under a förvaltning or another department.</summary>
    public static Task<UnitView> CreateDepartment(this HttpClient client, string name, long parentId, string? externalId = null) =>
        client.Typed().CreateUnitAsync(new CreateUnitRequest { Name = name, Kind = UnitKind.Department, ParentId = parentId, ExternalId = externalId });

    /// <summary>A plan with its own texts (anything left null is left out).</summary>
    public static Task<PlanView> CreatePlanWithTexts(this HttpClient client, long unitId, int year, string? title = null, string? documentTitle = null,
        string? introduction = null, string? process = null, string? followUpDecision = null) =>
        client.Typed().CreatePlanAsync(new CreatePlanRequest
        {
            UnitId = unitId, Year = year, Title = title, DocumentTitle = documentTitle, Introduction = introduction, Process = process, FollowUpDecision = followUpDecision,
        });

    /// <summary>A förvaltning under a nämnd of its own; nämnder need names of their own, so each gets a number.</summary>
    public static async Task<UnitView> CreateAdministrationUnit(this HttpClient client, string name = "Digitalisering IT och MT")
    {
        var board = await client.CreateBoard($"Nämnden för {name} {Interlocked.Increment(ref boards)}");
        return await client.CreateUnit(name, board.Id);
    }

    /// <summary>The id of the unit of this name (a nämnd when <paramref name="board"/>), e.g. one the demo data loaded.</summary>
    public static async Task<long> UnitNamed(this HttpClient client, string name, bool board = false) =>
        (await client.Typed().ListUnitsAsync(board ? UnitKind.Board : null, limit: 500)).Items.Single(u => u.Name == name).Id;

    public static Task<PlanView> CreatePlanView(this HttpClient client, long unitId, int year = 2023) =>
        client.Typed().CreatePlanAsync(new CreatePlanRequest { UnitId = unitId, Year = year });

    public static Task<RiskView> CreateRisk(this HttpClient client, long planId, object risk) =>
        client.Typed().CreateRiskAsync(planId, As<CreateRiskRequest>(risk));

    /// <summary>A risk's ETag as last read (for <c>If-Match</c>): the generated client does not show response headers.</summary>
    public static async Task<string> RiskETag(this HttpClient client, long riskId)
    {
        using var response = await client.GetAsync($"/api/v1/risks/{riskId}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    /// <summary>An activity on a risk; <see cref="Risks.Activity"/> unless told.</summary>
    public static Task<ActivityView> AddActivity(this HttpClient client, long riskId, object? activity = null) =>
        client.Typed().CreateActivityAsync(riskId, As<CreateActivityRequest>(activity ?? Risks.Activity()));

    /// <summary>A kontrollmoment of a plan; <see cref="Risks.Control"/> unless told.</summary>
    public static Task<ControlView> AddControl(this HttpClient client, long planId, object? control = null) =>
        client.Typed().CreateControlAsync(planId, As<CreateControlRequest>(control ?? Risks.Control()));

    /// <summary>A control's result at follow-up <paramref name="round"/>.</summary>
    public static Task<ControlView> RecordControlResult(this HttpClient client, long controlId, int round, object result) =>
        client.Typed().RecordControlResultAsync(controlId, (FollowUpRound)round, As<RecordControlResultRequest>(result));

    /// <summary>Adopts a plan; with <see cref="Risks.Decision"/> unless told.</summary>
    public static Task<PlanView> Adopt(this HttpClient client, long planId, object? decision = null) =>
        client.Typed().AdoptPlanAsync(planId, As<AdoptPlanRequest>(decision ?? Risks.Decision));

    public static Task<PlanView> Close(this HttpClient client, long planId) => client.Typed().ClosePlanAsync(planId);

    public static Task<PlanView> Copy(this HttpClient client, long planId, int year) =>
        client.Typed().CopyPlanAsync(planId, new CopyPlanRequest { Year = year });

    /// <summary>Uppföljning 1 of a risk; <see cref="Risks.Round1"/> unless told.</summary>
    public static Task<FollowUp1View> RecordFollowUp1(this HttpClient client, long riskId, object? round = null) =>
        client.Typed().RecordFollowUp1Async(riskId, As<RecordFollowUp1Request>(round ?? Risks.Round1()));

    /// <summary>Uppföljning 2 of a risk; <see cref="Risks.Round2"/> unless told.</summary>
    public static Task<FollowUp2View> RecordFollowUp2(this HttpClient client, long riskId, object? round = null) =>
        client.Typed().RecordFollowUp2Async(riskId, As<RecordFollowUp2Request>(round ?? Risks.Round2()));

    /// <summary>An API client (role in the API's words, e.g. "registrator"); its key is shown once, in the answer.</summary>
    public static Task<CreateClientResponse> CreateClient(this HttpClient admin, string name, string role, params long[] unitIds) =>
        admin.Typed().CreateClientAsync(As<CreateClientRequest>(unitIds.Length == 0 ? new { name, role } : new { name, role, unitIds }));

    /// <summary>A webhook subscription; its secret is shown once, in the answer.</summary>
    public static Task<CreatedWebhook> CreateWebhook(this HttpClient admin, object subscription) =>
        admin.Typed().CreateWebhookAsync(As<CreateWebhookRequest>(subscription));
}
