using RiskRegister.Tests.Access;

namespace RiskRegister.Tests.Features.Spreadsheets;

/// <summary>
/// The goals a risk or control links to, as a workbook's <c>Mål-id</c> column (comma-separated ids): exported, and imported
/// back by the API's rule (each a goal the plan's unit sees), each problem at its cell.
/// </summary>
public sealed class GoalSheetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Risker: … L Mål, M Mål-id. Kontrollmoment: … K Tidplan, L Mål-id.

    private static async Task<long> Goal(HttpClient client, long unitId, string title) =>
        (await client.PostOk($"/api/v1/units/{unitId}/goals", new { title })).GetProperty("id").GetInt64();

    /// <summary>A draft with one risk linked to two goals and a control linked to one; a goal of another unit the plan does not see.</summary>
    private async Task<(HttpClient Client, long PlanId, long Risk, long Control, long Ekonomi, long Kvalitet, long Foreign)> DraftAsync()
    {
        var client = api.Admin();
        var unit = await client.CreateAdministration("Ekonomiförvaltningen " + Guid.NewGuid().ToString("N")[..6]);
        var other = await client.CreateAdministration("Servicenämnden " + Guid.NewGuid().ToString("N")[..6]);
        var ekonomi = await Goal(client, unit, "Budget i balans");
        var kvalitet = await Goal(client, unit, "God kvalitet");
        var foreign = await Goal(client, other, "Stabil IT-drift");
        var planId = await client.CreatePlan(unit);
        var risk = await client.AddRisk(planId, new { title = "Bristande attest", description = "D", probability = 2, consequence = 2, handlingMethod = "none", goalIds = new[] { kvalitet, ekonomi } });
        var control = (await client.PostOk($"/api/v1/plans/{planId}/controls", new { title = "Attest", method = "stickprov", frequency = "halvarsvis", goalIds = new[] { kvalitet } }))
            .GetProperty("id").GetInt64();
        return (client, planId, risk, control, ekonomi, kvalitet, foreign);
    }

    private static List<long> GoalIds(JsonElement item) => item.GetProperty("goalIds").EnumerateArray().Select(g => g.GetInt64()).ToList();

    [Fact]
    public async Task The_goal_links_go_out_as_a_mal_id_column_and_come_back_unchanged()
    {
        var (client, planId, _, _, ekonomi, kvalitet, _) = await DraftAsync();
        var exported = await SpreadsheetTests.ExportAsync(client, planId);
        var book = await Openpyxl.DumpAsync(exported);
        var risker = book.GetProperty("Risker").GetProperty("cells");
        risker.GetProperty("M1").GetString().ShouldBe("Mål-id");
        risker.GetProperty("M2").GetString().ShouldBe($"{ekonomi}, {kvalitet}");
        var controls = book.GetProperty("Kontrollmoment").GetProperty("cells");
        controls.GetProperty("L1").GetString().ShouldBe("Mål-id");
        controls.GetProperty("L2").ToString().ShouldBe($"{kvalitet}");

        var before = DatabaseSnapshot.Take(api.Database);
        foreach (var workbook in new[] { exported, await Openpyxl.EditAsync(exported) })
        {
            using var response = await SpreadsheetTests.ImportAsync(client, planId, workbook);
            var answer = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("updated").EnumerateObject().Sum(p => p.Value.GetInt32()).ShouldBe(0, answer.ToString());
            answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(1);
            answer.GetProperty("unchanged").GetProperty("Kontrollmoment").GetInt32().ShouldBe(1);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task Edited_goal_ids_change_the_links_of_risks_and_controls_and_a_new_row_links_too()
    {
        var (client, planId, risk, control, ekonomi, kvalitet, _) = await DraftAsync();
        var edited = await Openpyxl.EditAsync(await SpreadsheetTests.ExportAsync(client, planId),
            ("Risker", "M2", $"str:{kvalitet}"), ("Kontrollmoment", "L2", "none:"),
            ("Risker", "B3", "str:Ny risk"), ("Risker", "C3", "str:D"), ("Risker", "D3", "int:1"), ("Risker", "E3", "int:1"), ("Risker", "H3", "str:none"),
            ("Risker", "M3", $"str:{ekonomi};{kvalitet}"),
            ("Kontrollmoment", "D3", "str:Avstämning"), ("Kontrollmoment", "F3", "str:stickprov"), ("Kontrollmoment", "G3", "str:halvarsvis"), ("Kontrollmoment", "L3", $"int:{ekonomi}"));

        using var response = await SpreadsheetTests.ImportAsync(client, planId, edited);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("updated").GetProperty("Risker").GetInt32().ShouldBe(1);
        answer.GetProperty("updated").GetProperty("Kontrollmoment").GetInt32().ShouldBe(1);
        GoalIds(await client.GetOk($"/api/v1/risks/{risk}")).ShouldBe([kvalitet]);
        GoalIds(await client.GetOk($"/api/v1/controls/{control}")).ShouldBeEmpty();
        var plan = await client.GetOk($"/api/v1/plans/{planId}");
        GoalIds(plan.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("title").GetString() == "Ny risk")).ShouldBe([ekonomi, kvalitet]);
        GoalIds(plan.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("title").GetString() == "Avstämning")).ShouldBe([ekonomi]);
        api.StoredHistory("risk", risk).Last().After!.ShouldContain("goalIds");
    }

    [Fact]
    public async Task An_unknown_or_unseen_goal_or_a_cell_that_is_no_list_of_ids_is_a_cell_error_and_nothing_is_stored()
    {
        var (client, planId, _, _, ekonomi, _, foreign) = await DraftAsync();
        var edited = await Openpyxl.EditAsync(await SpreadsheetTests.ExportAsync(client, planId),
            ("Risker", "M2", $"str:{ekonomi}, 999999999"), ("Kontrollmoment", "L2", $"int:{foreign}"),
            ("Risker", "B3", "str:Ny risk"), ("Risker", "C3", "str:D"), ("Risker", "D3", "int:1"), ("Risker", "E3", "int:1"), ("Risker", "H3", "str:none"),
            ("Risker", "M3", "str:RS-5"));
        var before = DatabaseSnapshot.Take(api.Database);

        using var response = await SpreadsheetTests.ImportAsync(client, planId, edited);
        var problem = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(new[] { "Kontrollmoment!L2", "Risker!M2", "Risker!M3" }.Order());
        errors.GetProperty("Risker!M2")[0].GetString().ShouldBe("No goal 999999999.");
        errors.GetProperty("Kontrollmoment!L2")[0].GetString()!.ShouldStartWith($"Goal {foreign} belongs to unit ");
        errors.GetProperty("Kontrollmoment!L2")[0].GetString()!.ShouldEndWith("which is not the plan's unit " + (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("unitId").GetInt64() + " or a unit above it.");
        errors.GetProperty("Risker!M3")[0].GetString()!.ShouldStartWith("Must be goals' ids separated by commas");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }
}
