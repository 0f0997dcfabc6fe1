using RiskRegister.Api.Demo;
using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Reports;

/// <summary>GET /units/{id}/internal-control on the NORV seed case: both plans of 2023, the nämnd's verdicts, 2022 to compare.</summary>
public sealed class InternalControlTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    private Task<long> Board() => api.Admin().UnitNamed(SeedCase.BoardName, board: true);

    private Task<long> Unit(string name) => api.Admin().UnitNamed(name);

    private static JsonElement Row(JsonElement report, string unit) =>
        report.GetProperty("plans").EnumerateArray().Single(p => p.GetProperty("unitName").GetString() == unit);

    private static JsonElement Area(JsonElement areas, string key) => areas.EnumerateArray().Single(a => a.GetProperty("key").GetString() == key);

    [Fact]
    public async Task The_nämnds_table_judges_both_plans_names_each_finding_and_compares_with_2022()
    {
        var admin = api.Admin();
        var board = await Board();
        var digitalisering = await Unit(SeedCase.Digitalisering);
        // The year before: twelve control areas, as the auditors' report of 2023 says of 2022.
        var plan2022 = await admin.CreatePlan(digitalisering, 2022);
        for (var i = 0; i < 12; i++) await admin.AddRisk(plan2022, Risks.Lower($"Kontrollområde {i + 1}"));

        var report = await admin.GetOk($"/api/v1/units/{board}/internal-control?year=2023");
        report.GetProperty("unit").GetProperty("name").GetString().ShouldBe(SeedCase.BoardName);
        var dit = Row(report, SeedCase.Digitalisering);
        dit.GetProperty("status").GetString().ShouldBe("adopted");
        dit.GetProperty("riskCount").GetInt32().ShouldBe(5);
        dit.GetProperty("riskCountPreviousYear").GetInt32().ShouldBe(12);
        dit.GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 12");
        dit.GetProperty("followUps").GetProperty("round1").GetProperty("done").GetInt32().ShouldBe(5);
        // As the auditors found: Digitalisering did both follow-ups; Medicinsk service had not finished uppföljning 1.
        Area(dit.GetProperty("areas"), "uppfoljning1").GetProperty("judgement").GetString().ShouldBe("uppfyllt");
        Area(dit.GetProperty("areas"), "uppfoljning2").GetProperty("judgement").GetString().ShouldBe("uppfyllt");
        var ms = Row(report, SeedCase.MedicinskService);
        Area(ms.GetProperty("areas"), "uppfoljning1").GetProperty("judgement").GetString().ShouldNotBe("uppfyllt");

        var established = Area(report.GetProperty("areas"), "planUpprattad");
        established.GetProperty("findings").EnumerateArray().Select(f => f.GetString())
            .ShouldContain($"{SeedCase.Digitalisering}: Planen saknar förteckning över de lägre riskerna som inte kräver hanteringsmetod.");
        // The nämnd's verdict per area is the worst of its plans' (another test of this class may add a förvaltning).
        string[] order = ["uppfyllt", "inteHeltUppfyllt", "inteUppfyllt"];
        foreach (var key in new[] { "planUpprattad", "uppfoljning1", "uppfoljning2", "planGenomford", "vidtagnaAtgarder" })
            Area(report.GetProperty("areas"), key).GetProperty("judgement").GetString().ShouldBe(report.GetProperty("plans").EnumerateArray()
                .Select(p => Area(p.GetProperty("areas"), key).GetProperty("judgement").GetString()!).MaxBy(j => Array.IndexOf(order, j)), key);
        report.GetProperty("improvementAreas").EnumerateArray().ShouldAllBe(i => i.GetString()!.Contains(": "));
    }

    [Fact]
    public async Task A_förvaltning_without_a_plan_is_shown_missing_and_judged_so()
    {
        var admin = api.Admin();
        var board = await Board();
        await admin.CreateUnit("Regionservice utan plan", board);
        var report = await admin.GetOk($"/api/v1/units/{board}/internal-control?year=2023");
        var missing = Row(report, "Regionservice utan plan");
        missing.GetProperty("status").GetString().ShouldBe("missing");
        missing.GetProperty("planId").ValueKind.ShouldBe(JsonValueKind.Null);
        missing.GetProperty("areas").EnumerateArray().ShouldAllBe(a => a.GetProperty("judgement").GetString() == "inteUppfyllt");
        report.GetProperty("areas").EnumerateArray().ShouldAllBe(a => a.GetProperty("judgement").GetString() == "inteUppfyllt");
    }

    [Fact]
    public async Task A_registrator_sees_its_own_förvaltning_only_and_a_förvaltning_is_not_a_nämnd()
    {
        var board = await Board();
        var digitalisering = await Unit(SeedCase.Digitalisering);
        var (_, key) = await api.Admin().CreateApiClient("Registrator DIT", "registrator", digitalisering);
        var report = await api.WithKey(key).GetOk($"/api/v1/units/{board}/internal-control?year=2023");
        report.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("unitName").GetString()).ShouldBe([SeedCase.Digitalisering]);
        (await api.Admin().GetAsync($"/api/v1/units/{digitalisering}/internal-control?year=2023")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.Admin().GetAsync($"/api/v1/units/{board}/internal-control")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
