using RiskRegister.Client;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// The main cycle driven only through the client NSwag generated from the committed document: proof that a region
/// system can work from the contract alone. The generated client refuses any status code the document does not
/// list, so these tests also check the documented success codes against the real server.
/// </summary>
public sealed class ClientCycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private RiskRegisterClient Client(string key = ApiFixture.AdminKey) => new(api.WithKey(key));

    [Fact]
    public async Task A_region_system_runs_the_whole_cycle_with_the_generated_client()
    {
        var client = Client();
        var board = await client.CreateUnitAsync(new CreateUnitRequest { Name = "Nämnden för Medicinsk service", Kind = UnitKind.Board });
        var unit = await client.CreateUnitAsync(new CreateUnitRequest { Name = "Medicinsk service", Kind = UnitKind.Administration, ParentId = board.Id });
        var plan = await client.CreatePlanAsync(new CreatePlanRequest { UnitId = unit.Id, Year = 2023 });
        plan.Status.ShouldBe(PlanStatus.Draft);

        var risk = await client.CreateRiskAsync(plan.Id, new CreateRiskRequest
        {
            Title = "Aktivitet säker kemikaliehantering",
            Description = "Kemikalier hanteras på flera laboratorier.",
            Probability = 2, Consequence = 3, HandlingMethod = HandlingMethod.Granskning,
            Motivation = "Brister kan skada personal och patienter.",
        });
        risk.Score.ShouldBe(6);
        risk.Level.ShouldBe(RiskLevel.Yellow);
        var low = await client.CreateRiskAsync(plan.Id, new CreateRiskRequest
        {
            Title = "Lokalförsörjning", Description = "Lokalerna räcker.", Probability = 1, Consequence = 2, HandlingMethod = HandlingMethod.None,
        });
        low.Level.ShouldBe(RiskLevel.Green);

        var activity = await client.CreateActivityAsync(risk.Id, new CreateActivityRequest
        {
            Description = "Inventera kemikalieförråden", Measure = "Inventering klar", Due = new DateOnly(2023, 9, 30), Responsible = "Kemikaliesamordnare",
        });
        activity.Status.ShouldBe(HandlingStatus.NotStarted);

        var adopted = await client.AdoptPlanAsync(plan.Id, new AdoptPlanRequest { Date = new DateOnly(2023, 4, 26), Paragraph = "§ 12", CaseNumber = "2023-POL000381" });
        adopted.Status.ShouldBe(PlanStatus.Adopted);
        adopted.Decision!.Paragraph.ShouldBe("§ 12");
        adopted.Decision.Date.ShouldBe(new DateOnly(2023, 4, 26));

        var round1 = await client.RecordFollowUp1Async(risk.Id, new RecordFollowUp1Request
        {
            HandlingStatus = HandlingStatus.InProgress, Observations = "Två förråd saknar förteckning.", Events = "Nytt laboratorium.",
            Probability = 3, Consequence = 3,
        });
        round1.Score.ShouldBe(9);
        round1.Level.ShouldBe(RiskLevel.Red);
        round1.Trend.ShouldBe(Trend.Increased);

        var round2 = await client.RecordFollowUp2Async(risk.Id, new RecordFollowUp2Request
        {
            Result = "Inventeringen genomförd.", ImprovementAreas = "Rutin för nya förråd.", FinalMotivation = "Risken kvarstår.",
            Probability = 3, Consequence = 3,
        });
        round2.FinalScore.ShouldBe(9);
        round2.Trend.ShouldBe(Trend.Unchanged);

        var read = await client.GetPlanAsync(plan.Id);
        read.Risks.Count.ShouldBe(2);
        read.Risks[0].Id.ShouldBe(risk.Id);                 // highest riskvärde first
        read.Risks[0].Activities.Single().Measure.ShouldBe("Inventering klar");
        read.Risks[0].FollowUp1!.Trend.ShouldBe(Trend.Increased);
        read.Risks[0].FollowUp2!.FinalScore.ShouldBe(9);
        read.Risks[1].FollowUp1.ShouldBeNull();

        var summary = await client.GetPlanSummaryAsync(plan.Id);   // what region systems pull
        summary.Risks.Count.ShouldBe(2);

        var listed = await client.ListPlansAsync(unitId: unit.Id, status: PlanStatus.Adopted);
        listed.Items.Select(p => p.Id).ShouldBe([plan.Id]);
    }

    [Fact]
    public async Task The_client_gets_problem_details_for_a_missing_plan()
    {
        var error = await Should.ThrowAsync<RiskRegisterApiException<ApiProblem>>(() => Client().GetPlanAsync(987654321));
        error.StatusCode.ShouldBe(404);
        error.Result.Status.ShouldBe(404);
        error.Result.Errors!.ShouldContainKey("id");
    }

    [Fact]
    public async Task The_client_gets_401_without_a_known_key()
    {
        var error = await Should.ThrowAsync<RiskRegisterApiException<ApiProblem>>(() => Client("not-a-key").ListPlansAsync());
        error.StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task A_stale_etag_gives_412_through_the_client()
    {
        var client = Client();
        var unit = await client.CreateUnitAsync(new CreateUnitRequest { Name = "Förvaltning 412", Kind = UnitKind.Administration });
        var plan = await client.CreatePlanAsync(new CreatePlanRequest { UnitId = unit.Id, Year = 2024 });
        var risk = await client.CreateRiskAsync(plan.Id, new CreateRiskRequest
        {
            Title = "Risk", Description = "Beskrivning", Probability = 1, Consequence = 1, HandlingMethod = HandlingMethod.None,
        });
        var error = await Should.ThrowAsync<RiskRegisterApiException<ApiProblem>>(() =>
            client.ChangeRiskAsync(risk.Id, new ChangeRiskRequest { Title = "Ny titel" }, if_Match: "\"999\""));
        error.StatusCode.ShouldBe(412);
    }
}
