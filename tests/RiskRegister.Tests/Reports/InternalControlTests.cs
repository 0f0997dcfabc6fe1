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

    private static JsonElement Area(JsonElement areas, string key) => areas.EnumerateArray().Single(a => a.GetProperty("area").GetString() == key);

    private static string Verdict(JsonElement areas, string key) => Area(areas, key).GetProperty("verdict").GetString()!;

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
        Verdict(dit.GetProperty("areas"), "followUp1").ShouldBe("uppfyllt");
        Verdict(dit.GetProperty("areas"), "followUp2").ShouldBe("uppfyllt");
        var ms = Row(report, SeedCase.MedicinskService);
        Verdict(ms.GetProperty("areas"), "followUp1").ShouldNotBe("uppfyllt");

        var contents = Area(report.GetProperty("areas"), "contents");
        contents.GetProperty("findings").EnumerateArray().Select(f => f.GetString())
            .ShouldContain($"{SeedCase.Digitalisering}: Risken \"Lagerhållning av hårdvara för PC-arbetsplats\" (bevakning) saknar aktivitet med mätvärde och tidplan.");
        contents.GetProperty("observations").EnumerateArray().Select(f => f.GetString())
            .ShouldContain($"{SeedCase.Digitalisering}: (2022 innefattade planen totalt 12 risker.)");
        // Weighed, not the worst: Medicinsk service (13 of 18 risks) did not finish uppföljning 1 and 2, Digitalisering did.
        Verdict(report.GetProperty("areas"), "contents").ShouldBe("inteHeltUppfyllt");
        Verdict(report.GetProperty("areas"), "followUp1").ShouldBe("inteHeltUppfyllt");
        report.GetProperty("conclusion").GetString().ShouldNotBe("tillracklig");
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
        missing.GetProperty("areas").EnumerateArray().ShouldAllBe(a => a.GetProperty("verdict").GetString() == "inteUppfyllt");
        // Weighed by its risks the year before (none here: it weighs as one risk), a missing plan does not sink a whole nämnd.
        Verdict(report.GetProperty("areas"), "established").ShouldBe("inteHeltUppfyllt");
    }

    [Fact]
    public async Task A_registrator_sees_its_own_förvaltning_only_and_a_förvaltning_reports_its_own_plan()
    {
        var board = await Board();
        var digitalisering = await Unit(SeedCase.Digitalisering);
        var (_, key) = await api.Admin().CreateApiClient("Registrator DIT", "registrator", digitalisering);
        var report = await api.WithKey(key).GetOk($"/api/v1/units/{board}/internal-control?year=2023");
        report.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("unitName").GetString()).ShouldBe([SeedCase.Digitalisering]);
        var own = await api.Admin().GetOk($"/api/v1/units/{digitalisering}/internal-control?year=2023");
        own.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("unitName").GetString()).ShouldBe([SeedCase.Digitalisering]);
        (await api.Admin().GetAsync("/api/v1/units/987654/internal-control?year=2023")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.Admin().GetAsync($"/api/v1/units/{board}/internal-control")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
