using RiskRegister.Client;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// The whole yearly cycle driven only through the client NSwag generated from the committed document, and through a
/// validating proxy (Prism, <c>--errors</c>) in front of the real service: proof that a region system can work from
/// the contract alone, and that every request the client sends and every response the service answers is what the
/// document says. The generated client refuses any status code the document does not list; Prism refuses any
/// request or response that does not match its schema (it answers 500 then, which fails the step).
/// </summary>
public sealed class ClientCycleTests(ProxiedApiFixture api) : IClassFixture<ProxiedApiFixture>
{
    private RiskRegisterClient Client(string key = ApiFixture.AdminKey) => new(api.Through(api.Strict, key));

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
        summary.Plan.Decision!.CaseNumber.ShouldBe("2023-POL000381");
        summary.Risks[1].FollowUp1.ShouldBeNull();

        var listed = await client.ListPlansAsync(unitId: unit.Id, status: PlanStatus.Adopted);
        listed.Items.Select(p => p.Id).ShouldBe([plan.Id]);

        // What auditors read.
        var status = await client.GetFollowUpStatusAsync(year: 2023, unitId: unit.Id);
        status.Items.Single().Round2.Done.ShouldBe(1);
        (await client.GetPlanAssessmentAsync(plan.Id)).Areas.Count.ShouldBeGreaterThan(0);
        using (var matrix = await client.GetPlanMatrixSvgAsync(plan.Id, round: MatrixRound.Final))
            (await new StreamReader(matrix.Stream).ReadToEndAsync()).ShouldContain("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        var history = await client.GetPlanHistoryAsync(plan.Id, limit: 500);
        history.Items.ShouldContain(h => h.Action == "adopted");
        history.Items.ShouldContain(h => h.Before == null && h.After != null);   // a creation
        (await client.GetRiskHistoryAsync(risk.Id)).Items.Count.ShouldBeGreaterThan(0);
        (await client.GetActivityAsync(risk.Id, activity.Id)).Measure.ShouldBe("Inventering klar");
        (await client.ChangeActivityAsync(risk.Id, activity.Id, new ChangeActivityRequest { Status = HandlingStatus.Done })).Status.ShouldBe(HandlingStatus.Done);

        // The second follow-up for the lower risk, then the year closes and the next begins as a copy.
        await client.RecordFollowUp1Async(low.Id, new RecordFollowUp1Request
        {
            HandlingStatus = HandlingStatus.Done, Observations = "Oförändrat.", Events = "Inga.", Probability = 1, Consequence = 2,
        });
        await client.RecordFollowUp2Async(low.Id, new RecordFollowUp2Request
        {
            Result = "Oförändrat.", ImprovementAreas = "Inga.", FinalMotivation = "Låg risk.", Probability = 1, Consequence = 2,
        });
        var closed = await client.ClosePlanAsync(plan.Id);
        closed.Status.ShouldBe(PlanStatus.Closed);
        closed.ClosedAt.ShouldNotBeNull();
        var next = await client.CopyPlanAsync(plan.Id, new CopyPlanRequest { Year = 2024 });
        next.Status.ShouldBe(PlanStatus.Draft);
        next.Risks.Count.ShouldBe(2);
        var comparison = await client.GetUnitComparisonAsync(unit.Id, 2023, 2024);
        comparison.Carried.Count.ShouldBe(2);

        // Editing the draft: change (with its ETag), an activity added and removed, a risk removed.
        var carried = next.Risks.Single(r => r.CopiedFromRiskId == risk.Id);
        var etag = (await api.Through(api.Strict).GetAsync($"api/v1/risks/{carried.Id}")).Headers.ETag!.Tag;   // the generated client does not expose headers
        var changed = await client.ChangeRiskAsync(carried.Id, new ChangeRiskRequest { Owner = "Laboratoriechef" }, if_Match: etag);
        changed.Owner.ShouldBe("Laboratoriechef");
        var extra = await client.CreateActivityAsync(carried.Id, new CreateActivityRequest { Description = "Utbilda", Measure = "Alla utbildade", Due = new DateOnly(2024, 6, 30) });
        await client.DeleteActivityAsync(carried.Id, extra.Id);
        await client.DeleteRiskAsync(next.Risks.Single(r => r.CopiedFromRiskId == low.Id).Id);
        (await client.ListRisksAsync(next.Id)).Items.Count.ShouldBe(1);

        // Units and clients, as an admin manages them.
        (await client.GetUnitAsync(unit.Id)).ParentId.ShouldBe(board.Id);
        (await client.ListUnitsAsync(kind: UnitKind.Administration)).Items.ShouldContain(u => u.Id == unit.Id);
        var auditor = await client.CreateClientAsync(new CreateClientRequest { Name = "Revisionen", Role = ClientRole.Auditor });
        (await Client(auditor.Key).GetPlanAsync(plan.Id)).Status.ShouldBe(PlanStatus.Closed);
        (await client.GetClientAsync(auditor.Id)).Role.ShouldBe(ClientRole.Auditor);
        await client.RevokeClientAsync(auditor.Id);
        (await client.ListClientsAsync(includeRevoked: true)).Items.Single(c => c.Id == auditor.Id).RevokedAt.ShouldNotBeNull();
        (await client.GetHealthAsync()).Status.ShouldBe("ok");
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
