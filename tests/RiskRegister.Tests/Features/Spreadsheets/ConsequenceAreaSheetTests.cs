using System.Net.Http.Json;

namespace RiskRegister.Tests.Features.Spreadsheets;

/// <summary>
/// A plan assessed per consequence area, as a workbook: a column per area after Konsekvens, read back by the API's rule
/// (the konsekvens is the areas' maximum), so an import can never leave the areas and the konsekvens disagreeing.
/// </summary>
public sealed class ConsequenceAreaSheetTests(AreasApi api) : IClassFixture<AreasApi>
{
    // Risker of a plan with the four areas: A Id, B Titel, C Beskrivning, D Sannolikhet, E Konsekvens,
    // F Konsekvens: patientsäkerhet, G …: ekonomi, H …: förtroende, I …: arbetsmiljö, J Riskvärde, K Nivå, L Hanteringsmetod.

    /// <summary>A draft with a risk assessed per area (patientsäkerhet 4, ekonomi 2) and one assessed as one value (2).</summary>
    private async Task<(HttpClient Client, long PlanId, long PerArea, long OneValue)> DraftAsync()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        using var created = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/risks", new
        {
            title = "Vårdplatsbrist", description = "Bedömd per område.", probability = 3,
            consequences = new Dictionary<string, int> { ["patientsäkerhet"] = 4, ["ekonomi"] = 2 }, handlingMethod = "granskning", motivation = "Granskas.",
        }, ApiFixture.Json);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var perArea = (await created.Json()).GetProperty("id").GetInt64();
        var oneValue = await client.AddRisk(planId, new { title = "Leverantörsberoende", probability = 1, consequence = 2, handlingMethod = "none" });
        return (client, planId, perArea, oneValue);
    }

    /// <summary>The row of <paramref name="riskId"/> in Risker (rows follow the scores, so it is looked up).</summary>
    private static async Task<int> RowOfAsync(byte[] workbook, long riskId)
    {
        var cells = (await Openpyxl.DumpAsync(workbook)).GetProperty("Risker").GetProperty("cells");
        return int.Parse(cells.EnumerateObject().Single(c => c.Name.StartsWith('A') && c.Name != "A1" && c.Value.ValueKind == JsonValueKind.Number && c.Value.GetInt64() == riskId).Name[1..],
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, int> Areas(JsonElement risk) =>
        risk.TryGetProperty("consequences", out var areas) && areas.ValueKind == JsonValueKind.Object
            ? areas.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32())
            : [];

    [Fact]
    public async Task The_workbook_and_template_have_a_column_per_area_after_konsekvens_with_the_steps_as_dropdown()
    {
        var (client, planId, perArea, oneValue) = await DraftAsync();
        var exported = await SpreadsheetTests.ExportAsync(client, planId);
        var risker = (await Openpyxl.DumpAsync(exported)).GetProperty("Risker");
        var cells = risker.GetProperty("cells");
        new[] { "E1", "F1", "G1", "H1", "I1", "J1", "L1" }.Select(c => cells.GetProperty(c).GetString())
            .ShouldBe(["Konsekvens", "Konsekvens: patientsäkerhet", "Konsekvens: ekonomi", "Konsekvens: förtroende", "Konsekvens: arbetsmiljö", "Riskvärde", "Hanteringsmetod"]);
        var row = await RowOfAsync(exported, perArea);
        cells.GetProperty($"E{row}").GetInt32().ShouldBe(4);
        cells.GetProperty($"F{row}").GetInt32().ShouldBe(4);
        cells.GetProperty($"G{row}").GetInt32().ShouldBe(2);
        cells.TryGetProperty($"H{row}", out _).ShouldBeFalse();
        var other = await RowOfAsync(exported, oneValue);
        cells.GetProperty($"E{other}").GetInt32().ShouldBe(2);
        cells.TryGetProperty($"F{other}", out _).ShouldBeFalse();
        var validations = risker.GetProperty("validations").EnumerateArray().Select(v => v.GetString()).ToList();
        validations.ShouldContain("Listor!$E$2:$E$5 F2:F1048576");
        validations.ShouldContain("Listor!$E$2:$E$5 I2:I1048576");
        validations.ShouldContain("Listor!$A$2:$A$5 L2:L1048576");

        using var template = await client.GetAsync("/api/v1/plans/import-template");
        var templateCells = (await Openpyxl.DumpAsync(await template.Content.ReadAsByteArrayAsync())).GetProperty("Risker").GetProperty("cells");
        templateCells.GetProperty("F1").GetString().ShouldBe("Konsekvens: patientsäkerhet");
        templateCells.GetProperty("I1").GetString().ShouldBe("Konsekvens: arbetsmiljö");
    }

    [Fact]
    public async Task A_plan_with_areas_imported_unchanged_changes_nothing()
    {
        var (client, planId, _, _) = await DraftAsync();
        var exported = await SpreadsheetTests.ExportAsync(client, planId);
        var before = DatabaseSnapshot.Take(api.Database);
        foreach (var workbook in new[] { exported, await Openpyxl.EditAsync(exported) })
        {
            using var response = await SpreadsheetTests.ImportAsync(client, planId, workbook);
            var answer = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("updated").GetProperty("Risker").GetInt32().ShouldBe(0);
            answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(2);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_changed_area_cell_changes_the_areas_and_the_konsekvens_with_them()
    {
        var (client, planId, perArea, oneValue) = await DraftAsync();
        var exported = await SpreadsheetTests.ExportAsync(client, planId);
        int row = await RowOfAsync(exported, perArea), other = await RowOfAsync(exported, oneValue);
        // patientsäkerhet 4 → 1 (Konsekvens left at 4, as exported); the one-value risk gets förtroende 3 (Konsekvens left at 2).
        var edited = await Openpyxl.EditAsync(exported, ("Risker", $"F{row}", "int:1"), ("Risker", $"H{other}", "int:3"));

        using var response = await SpreadsheetTests.ImportAsync(client, planId, edited);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("updated").GetProperty("Risker").GetInt32().ShouldBe(2);
        var risk = await client.GetOk($"/api/v1/risks/{perArea}");
        Areas(risk).ShouldBe(new Dictionary<string, int> { ["patientsäkerhet"] = 1, ["ekonomi"] = 2 });
        risk.GetProperty("consequence").GetInt32().ShouldBe(2);
        risk.GetProperty("score").GetInt32().ShouldBe(6);
        var now = await client.GetOk($"/api/v1/risks/{oneValue}");
        Areas(now).ShouldBe(new Dictionary<string, int> { ["förtroende"] = 3 });
        now.GetProperty("consequence").GetInt32().ShouldBe(3);

        // Exported again, the workbook says what is held: a round trip is unchanged.
        using var again = await SpreadsheetTests.ImportAsync(client, planId, await SpreadsheetTests.ExportAsync(client, planId));
        (await again.Json()).GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(2);

        // All area cells emptied: the risk is one value again, its Konsekvens cell's.
        var cleared = await Openpyxl.EditAsync(await SpreadsheetTests.ExportAsync(client, planId),
            ("Risker", $"F{row}", "none:"), ("Risker", $"G{row}", "none:"), ("Risker", $"E{row}", "int:3"));
        using var one = await SpreadsheetTests.ImportAsync(client, planId, cleared);
        one.StatusCode.ShouldBe(HttpStatusCode.OK, await one.Content.ReadAsStringAsync());
        var single = await client.GetOk($"/api/v1/risks/{perArea}");
        Areas(single).ShouldBeEmpty();
        single.GetProperty("consequence").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task A_konsekvens_that_disagrees_with_the_areas_or_an_area_off_the_scale_is_a_cell_error_and_nothing_is_stored()
    {
        var (client, planId, perArea, _) = await DraftAsync();
        var exported = await SpreadsheetTests.ExportAsync(client, planId);
        var row = await RowOfAsync(exported, perArea);
        var before = DatabaseSnapshot.Take(api.Database);

        // The bug this guards: a changed Konsekvens of a risk assessed per area, its areas left as they were.
        using (var response = await SpreadsheetTests.ImportAsync(client, planId, await Openpyxl.EditAsync(exported, ("Risker", $"E{row}", "int:2"))))
        {
            var problem = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
            var errors = problem.GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).ShouldBe([$"Risker!E{row}"]);
            errors.GetProperty($"Risker!E{row}")[0].GetString().ShouldBe("The consequence is the maximum of consequences (4), not 2. Leave consequence out, or send the same.");
        }

        // Both changed, and still disagreeing; an area off the plan's scale.
        var twice = await Openpyxl.EditAsync(exported, ("Risker", $"E{row}", "int:1"), ("Risker", $"G{row}", "int:3"), ("Risker", $"I{row}", "int:5"));
        using (var response = await SpreadsheetTests.ImportAsync(client, planId, twice))
        {
            var problem = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
            var errors = problem.GetProperty("errors");
            errors.GetProperty($"Risker!I{row}")[0].GetString().ShouldBe("Consequence must be between 1 and 4 on this plan's scale.");
        }
        var changedBoth = await Openpyxl.EditAsync(exported, ("Risker", $"E{row}", "int:1"), ("Risker", $"G{row}", "int:3"));
        using (var response = await SpreadsheetTests.ImportAsync(client, planId, changedBoth))
        {
            var problem = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
            problem.GetProperty("errors").GetProperty($"Risker!E{row}")[0].GetString().ShouldBe("The consequence is the maximum of consequences (4), not 1. Leave consequence out, or send the same.");
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_new_row_may_give_only_its_areas_and_gets_their_maximum()
    {
        var (client, planId, _, _) = await DraftAsync();
        var edited = await Openpyxl.EditAsync(await SpreadsheetTests.ExportAsync(client, planId),
            ("Risker", "B4", "str:Ny risk"), ("Risker", "D4", "int:2"), ("Risker", "G4", "int:3"), ("Risker", "I4", "int:1"), ("Risker", "L4", "str:none"));
        using var response = await SpreadsheetTests.ImportAsync(client, planId, edited);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var risk = (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("title").GetString() == "Ny risk");
        risk.GetProperty("consequence").GetInt32().ShouldBe(3);
        Areas(risk).ShouldBe(new Dictionary<string, int> { ["ekonomi"] = 3, ["arbetsmiljö"] = 1 });
    }
}
