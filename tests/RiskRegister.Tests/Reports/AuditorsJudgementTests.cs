using RiskRegister.Api.Demo;

namespace RiskRegister.Tests.Reports;

/// <summary>The NORV 2023 demo judged as the auditors judged it (seed 002, "Granskning av nämndens interna kontroll").</summary>
public sealed class AuditorsJudgementTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    private async Task<long> PlanOf(string unit)
    {
        var unitId = await api.Admin().UnitNamed(unit);
        return (await api.Admin().GetOk($"/api/v1/plans?unitId={unitId}&year=2023")).GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Digitalisering_IT_och_MT_gets_the_auditors_table()
    {
        var assessment = await api.Admin().GetOk($"/api/v1/plans/{await PlanOf(SeedCase.Digitalisering)}/assessment?asOf=2024-03-01");
        var areas = assessment.GetProperty("areas").EnumerateArray().ToList();

        areas.Select(a => (a.GetProperty("area").GetString(), a.GetProperty("verdict").GetString())).ShouldBe([
            ("established", "uppfyllt"),
            ("contents", "inteHeltUppfyllt"),
            ("followUp1", "uppfyllt"),
            ("followUp2", "uppfyllt"),
            ("carriedOut", "uppfyllt"),
            ("actions", "uppfyllt"),
        ]);
        string[] Texts(int area, string member) => areas[area].GetProperty(member).EnumerateArray().Select(f => f.GetString()!).ToArray();
        // Inte helt uppfyllt for no measure or timeline at bevakning, and not for a list of lower risks, which is always printed.
        Texts(1, "findings").ShouldAllBe(f => f.EndsWith("(bevakning) saknar aktivitet med mätvärde och tidplan."));
        Texts(1, "findings").Length.ShouldBe(4);
        Texts(1, "observations").ShouldContain("Planen innehåller totalt 5 risker för 2023, där 1 risk ska granskas och 4 risker ska bevakas.");
        Texts(0, "observations").ShouldContain("Nämnden har fastställt riskanalys och riskhanteringsplan för 2023, 2023-04-26 § 12.");
        Texts(2, "observations").ShouldContain($"Risken \"{SeedCase.Tjansteleverans}\" har ökat från 6 (3x2) till 9 (3x3).");
        Texts(3, "observations").ShouldContain($"Risken \"{SeedCase.Tjansteleverans}\" har ökat från 6 (3x2) till 9 (3x3).");
        Texts(4, "observations").ShouldContain("Beslutad plan har genomförts. Samtliga 5 risker har följts upp vid två tillfällen.");
        assessment.GetProperty("conclusion").GetString().ShouldBe("inteHeltTillracklig");
    }

    [Fact]
    public async Task The_nämnds_report_is_its_own_and_weighed()
    {
        var board = await api.Admin().UnitNamed(SeedCase.BoardName, board: true);
        var report = await api.Admin().GetOk($"/api/v1/units/{board}/internal-control?year=2023&asOf=2024-03-01");

        // Medicinsk service (13 of 18 risks) finished neither round: it holds more than half, so follow-up 2 is not met.
        var areas = report.GetProperty("areas").EnumerateArray().ToDictionary(a => a.GetProperty("area").GetString()!, a => a.GetProperty("verdict").GetString());
        areas["established"].ShouldBe("uppfyllt");
        areas["contents"].ShouldBe("inteHeltUppfyllt");
        areas["followUp1"].ShouldBe("inteHeltUppfyllt");
        report.GetProperty("conclusion").GetString().ShouldBe("inteTillracklig");
        report.GetProperty("unit").GetProperty("kind").GetString().ShouldBe("board");

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{board}/internal-control?year=2023");
        request.Headers.Accept.ParseAdd("text/html");
        var html = await (await api.Admin().SendAsync(request)).Content.ReadAsStringAsync();
        html.ShouldContain($"<title>Uppföljning av intern kontroll 2023 – {SeedCase.BoardName}</title>");
        html.ShouldNotContain("Granskning av nämndens interna kontroll");
    }
}

/// <summary>Adoption answers the criteria that do not block as warnings, and the assessment names the same.</summary>
public sealed class AdoptionWarningTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Adoption_answers_warnings_and_the_assessment_criticises_nothing_else()
    {
        var admin = api.Admin();
        var unit = (await admin.CreateAdministrationUnit("Förvaltningen med varningar")).Id;
        var plan = await admin.CreatePlan(unit);
        await admin.AddRisk(plan, Risks.Bevakning("Bevakning utan aktivitet"));
        await admin.AddRisk(plan, Risks.Lower());

        var draft = await admin.GetOk($"/api/v1/plans/{plan}");
        draft.GetProperty("adoptionIssues").GetArrayLength().ShouldBe(0);
        var adopted = await admin.PostOk($"/api/v1/plans/{plan}/adoption", new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" });

        var warnings = adopted.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("field").GetString()).ToList();
        warnings.ShouldContain("risks[0].activities");
        warnings.ShouldContain("risks[0].motivation");   // "Följs via personalrapporten." is short and general
        var contents = (await admin.GetOk($"/api/v1/plans/{plan}/assessment")).GetProperty("areas")[1];
        contents.GetProperty("findings").GetArrayLength().ShouldBe(warnings.Count);
    }

    [Fact]
    public async Task Uppföljning_2_takes_an_empty_improvement_area_as_none()
    {
        var admin = api.Admin();
        var unit = (await admin.CreateAdministrationUnit("Förvaltningen utan förbättringsområden")).Id;
        var plan = await admin.CreatePlan(unit);
        var risk = await admin.AddRisk(plan, Risks.Lower());
        await admin.Adopt(plan);
        await admin.RecordFollowUp1(risk);

        var response = await admin.PutAsJsonAsync($"/api/v1/risks/{risk}/follow-ups/2",
            new { result = "Genomförd.", improvementAreas = "", finalMotivation = "Oförändrad.", probability = 1, consequence = 2 }, ApiFixture.Json);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Json()).GetProperty("improvementAreas").GetString().ShouldBe("");
    }
}
