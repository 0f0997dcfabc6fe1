using static RiskRegister.Tests.Features.Spreadsheets.SpreadsheetTests;

namespace RiskRegister.Tests.Features.Spreadsheets;

/// <summary>
/// Kontrollmoment in the plan's workbook: the Kontrollmoment sheet and each round's Kontrollresultat, out and back in
/// through openpyxl; a new risk with its activities and a control in one import, named by its title.
/// </summary>
public sealed class ControlSheetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Kontrollmoment: A Id, B Risk-id, C Risk, D Kontrollmoment, E Beskrivning, F Metod, G Frekvens, H Omfattning, I Ansvarig,
    // J Rapporteras till, K Tidplan. Kontrollresultat 1 and 2: A Kontrollmoment-id, B Kontrollmoment, C Risk-id, D Resultat,
    // E Kontrollerade, F Avvikelser, G Åtgärder. Risker: A Id, B Titel, C Beskrivning, D Sannolikhet, E Konsekvens, H Hanteringsmetod,
    // K Riskägare. Aktiviteter: A Id, B Risk-id, C Risk, D Aktivitet, E Mätvärde, F Tidplan, G Ansvarig, H Status.

    /// <summary>A draft with a granskning risk (Risker row 2) and a bevakning risk (row 3); a control of the granskning risk (Kontrollmoment row 2) and a standalone one (row 3).</summary>
    private async Task<(HttpClient Client, long PlanId, long Granskning, long Bevakning, long Tied, long Alone)> DraftAsync(int year = 2023)
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration(), year);
        var granskning = await client.AddRisk(planId, Risks.Granskning());
        var bevakning = await client.AddRisk(planId, Risks.Bevakning());
        await client.AddActivity(granskning);
        var tied = await client.AddControl(planId, new
        {
            title = "Stickprov av behörigheter", riskId = granskning, method = "stickprov", frequency = "halvarsvis",
            scope = "20 konton per halvår", responsible = "Säkerhetschef", reportedTo = "Förvaltningsledningen", due = "2023-11-30",
        });
        var alone = await client.AddControl(planId, Risks.Control());
        return (client, planId, granskning, bevakning, tied.Id, alone.Id);
    }

    private static int Count(JsonElement answer, string kind) => answer.GetProperty(kind).EnumerateObject().Sum(p => p.Value.GetInt32());

    private async Task<long> HistoryCountAsync()
    {
        using var db = api.Database.Open();
        return db.ExecuteScalar<long>("SELECT COUNT(*) FROM history");
    }

    [Fact]
    public async Task Controls_export_as_a_sheet_with_ids_codes_dropdowns_and_each_rounds_results()
    {
        var (client, planId, granskning, _, tied, alone) = await DraftAsync();
        await client.Adopt(planId);
        await client.RecordControlResult(tied, 1, new { result = "2 av 20 konton hade för breda behörigheter", @checked = 20, deviations = 2, actions = "Behörigheterna togs bort." });

        var book = await Openpyxl.DumpAsync(await ExportAsync(client, planId));

        book.EnumerateObject().Select(s => s.Name).ShouldBe(["Plan", "Risker", "Aktiviteter", "Kontrollmoment", "Uppföljning 1", "Kontrollresultat 1",
            "Uppföljning 2", "Kontrollresultat 2", "Listor"]);
        var sheet = book.GetProperty("Kontrollmoment");
        sheet.GetProperty("freeze").GetString().ShouldBe("A2");
        var cells = sheet.GetProperty("cells");
        string[] headers = ["Id", "Risk-id", "Risk", "Kontrollmoment", "Beskrivning", "Metod", "Frekvens", "Omfattning", "Ansvarig", "Rapporteras till", "Tidplan"];
        headers.Select((h, i) => cells.GetProperty($"{(char)('A' + i)}1").GetString()).ShouldBe(headers);
        cells.GetProperty("A2").GetInt64().ShouldBe(tied);
        cells.GetProperty("B2").GetInt64().ShouldBe(granskning);
        cells.GetProperty("C2").GetString().ShouldBe("Informationssäkerhet");
        cells.GetProperty("F2").GetString().ShouldBe("stickprov");
        cells.GetProperty("G2").GetString().ShouldBe("halvarsvis");
        cells.GetProperty("K2").GetString().ShouldBe("date:2023-11-30");
        // The standalone control has no risk.
        cells.GetProperty("A3").GetInt64().ShouldBe(alone);
        cells.TryGetProperty("B3", out _).ShouldBeFalse();
        cells.TryGetProperty("C3", out _).ShouldBeFalse();
        sheet.GetProperty("validations").EnumerateArray().Select(v => v.GetString())
            .ShouldBe(["Listor!$H$2:$H$7 F2:F1048576", "Listor!$J$2:$J$7 G2:G1048576"], ignoreOrder: true);
        sheet.GetProperty("widths").GetProperty("D").GetDouble().ShouldBeGreaterThan(20);

        var results = book.GetProperty("Kontrollresultat 1").GetProperty("cells");
        results.GetProperty("A1").GetString().ShouldBe("Kontrollmoment-id");
        results.GetProperty("A2").GetInt64().ShouldBe(tied);
        results.GetProperty("D2").GetString().ShouldBe("2 av 20 konton hade för breda behörigheter");
        results.GetProperty("E2").GetInt32().ShouldBe(20);
        results.GetProperty("F2").GetInt32().ShouldBe(2);
        results.GetProperty("A3").GetInt64().ShouldBe(alone);
        results.TryGetProperty("D3", out _).ShouldBeFalse();   // not recorded yet: an empty row to fill in
        book.GetProperty("Kontrollresultat 2").GetProperty("cells").TryGetProperty("D2", out _).ShouldBeFalse();

        var lists = book.GetProperty("Listor").GetProperty("cells");
        lists.GetProperty("H2").GetString().ShouldBe("stickprov");
        lists.GetProperty("I3").GetString().ShouldBe("Avstämning");
        lists.GetProperty("J7").GetString().ShouldBe("arligen");
        lists.GetProperty("K7").GetString().ShouldBe("Årligen");
    }

    [Fact]
    public async Task The_template_holds_the_control_sheets_empty()
    {
        using var response = await api.Admin().GetAsync("/api/v1/plans/import-template");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var book = await Openpyxl.DumpAsync(await response.Content.ReadAsByteArrayAsync());
        foreach (var name in new[] { "Kontrollmoment", "Kontrollresultat 1", "Kontrollresultat 2" })
        {
            var cells = book.GetProperty(name).GetProperty("cells");
            cells.EnumerateObject().ShouldNotBeEmpty();
            cells.EnumerateObject().Select(c => c.Name).ShouldAllBe(n => n.EndsWith('1') && n.Length == 2);
        }
        book.GetProperty("Kontrollmoment").GetProperty("cells").GetProperty("F1").GetString().ShouldBe("Metod");
        book.GetProperty("Kontrollmoment").GetProperty("validations").GetArrayLength().ShouldBe(2);
        book.GetProperty("Listor").GetProperty("cells").GetProperty("H7").GetString().ShouldBe("annan");
        // The Plan sheet tells how a new risk's activities and controls name it.
        book.GetProperty("Plan").GetProperty("cells").EnumerateObject().ShouldContain(c => c.Value.ValueKind == JsonValueKind.String
            && c.Value.GetString()!.Contains("lämna Risk-id tomt och skriv riskens titel i kolumnen Risk"));
    }

    [Fact]
    public async Task A_plan_with_controls_and_results_imported_unchanged_writes_nothing_also_through_openpyxl()
    {
        var (client, planId, granskning, _, tied, alone) = await DraftAsync(2034);
        await client.Adopt(planId);
        await client.RecordFollowUp1(granskning);
        await client.RecordControlResult(tied, 1, new { result = "Inga avvikelser", @checked = 20, deviations = 0 });
        await client.RecordControlResult(alone, 1, new { result = "3 fakturor saknade attest", @checked = 60, deviations = 3, actions = "Attesterade i efterhand." });
        await client.RecordControlResult(alone, 2, new { result = "Inga avvikelser" });
        var exported = await ExportAsync(client, planId);
        var before = DatabaseSnapshot.Take(api.Database);

        foreach (var workbook in new[] { exported, await Openpyxl.EditAsync(exported) })
        {
            using var response = await ImportAsync(client, planId, workbook);
            var answer = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            Count(answer, "created").ShouldBe(0, answer.ToString());
            Count(answer, "updated").ShouldBe(0, answer.ToString());
            var unchanged = answer.GetProperty("unchanged");
            unchanged.GetProperty("Kontrollmoment").GetInt32().ShouldBe(2);
            unchanged.GetProperty("Kontrollresultat 1").GetInt32().ShouldBe(2);
            unchanged.GetProperty("Kontrollresultat 2").GetInt32().ShouldBe(1);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task Three_cells_edited_in_openpyxl_one_a_controls_change_exactly_those_three_values()
    {
        var (client, planId, granskning, _, tied, alone) = await DraftAsync();
        var before = await client.GetOk($"/api/v1/plans/{planId}");
        var history = await HistoryCountAsync();
        var edited = await Openpyxl.EditAsync(await ExportAsync(client, planId),
            ("Kontrollmoment", "H2", "str:40 konton per halvår"), ("Kontrollmoment", "G3", "str:kvartalsvis"), ("Risker", "K2", "str:Säkerhetschefen"));

        using var response = await ImportAsync(client, planId, edited);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("updated").GetProperty("Kontrollmoment").GetInt32().ShouldBe(2);
        answer.GetProperty("updated").GetProperty("Risker").GetInt32().ShouldBe(1);
        answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(1);

        var after = await client.GetOk($"/api/v1/plans/{planId}");
        Changed(before, after).ShouldBe(new[] { $"controls[{tied}].scope", $"controls[{alone}].frequency", $"risks[{granskning}].owner" }.Order().ToList());
        var controls = after.GetProperty("controls").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt64());
        controls[tied].GetProperty("scope").GetString().ShouldBe("40 konton per halvår");
        controls[alone].GetProperty("frequency").GetString().ShouldBe("kvartalsvis");
        // One history entry per changed resource: a risk and two controls.
        (await HistoryCountAsync() - history).ShouldBe(3);
    }

    /// <summary>The members that differ between two plan views, risks and controls keyed by id; bookkeeping (times, derived values) left out.</summary>
    private static List<string> Changed(JsonElement before, JsonElement after)
    {
        static Dictionary<string, string> Flat(JsonElement plan)
        {
            var flat = new Dictionary<string, string>(StringComparer.Ordinal);
            void Walk(JsonElement e, string path)
            {
                switch (e.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var p in e.EnumerateObject()) Walk(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name);
                        break;
                    case JsonValueKind.Array:
                        var i = 0;
                        foreach (var item in e.EnumerateArray())
                            Walk(item, $"{path}[{(path is "risks" or "controls" && item.TryGetProperty("id", out var id) ? id.ToString() : (i++).ToString(System.Globalization.CultureInfo.InvariantCulture))}]");
                        break;
                    default:
                        flat[path] = e.ToString();
                        break;
                }
            }
            Walk(plan, "");
            return flat;
        }
        var (was, now) = (Flat(before), Flat(after));
        return now.Where(p => !was.TryGetValue(p.Key, out var value) || value != p.Value).Select(p => p.Key)
            .Where(k => !k.EndsWith(".updatedAt") && !k.EndsWith(".score") && !k.EndsWith(".level") && k != "updatedAt").Order().ToList();
    }

    [Fact]
    public async Task A_new_risk_its_two_activities_and_a_control_go_in_one_import_named_by_the_risks_title()
    {
        var (client, planId, _, _, _, _) = await DraftAsync();
        var history = await HistoryCountAsync();
        var edited = await Openpyxl.EditAsync(await ExportAsync(client, planId),
            ("Risker", "B4", "str:Felaktiga utbetalningar"), ("Risker", "C4", "str:Dubbla utbetalningar till leverantörer."),
            ("Risker", "D4", "int:3"), ("Risker", "E4", "int:3"), ("Risker", "H4", "str:atgard"),
            // Risk-id left empty: the new risk is named by its title, upper and lower case aside.
            ("Aktiviteter", "C3", "str:Felaktiga utbetalningar"), ("Aktiviteter", "D3", "str:Inför dubblettkontroll"), ("Aktiviteter", "E3", "str:Kontroll i drift"),
            ("Aktiviteter", "F3", "date:2023-09-30"),
            ("Aktiviteter", "C4", "str:felaktiga utbetalningar "), ("Aktiviteter", "D4", "str:Utbilda attestanter"), ("Aktiviteter", "E4", "str:Andel utbildade"),
            ("Aktiviteter", "F4", "date:2023-12-15"), ("Aktiviteter", "H4", "str:inProgress"),
            ("Kontrollmoment", "C4", "str:Felaktiga utbetalningar"), ("Kontrollmoment", "D4", "str:Avstämning av leverantörsutbetalningar"),
            ("Kontrollmoment", "F4", "str:avstamning"), ("Kontrollmoment", "G4", "str:manadsvis"), ("Kontrollmoment", "H4", "str:Alla utbetalningar över 50 000 kr"));

        using (var dry = await ImportAsync(client, planId, edited, dryRun: true))
        {
            var answer = await dry.Json();
            dry.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("created").GetProperty("Risker").GetInt32().ShouldBe(1);
            answer.GetProperty("created").GetProperty("Aktiviteter").GetInt32().ShouldBe(2);
            answer.GetProperty("created").GetProperty("Kontrollmoment").GetInt32().ShouldBe(1);
        }
        (await HistoryCountAsync()).ShouldBe(history);

        using var response = await ImportAsync(client, planId, edited);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var plan = await client.GetOk($"/api/v1/plans/{planId}");
        var risk = plan.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("title").GetString() == "Felaktiga utbetalningar");
        var riskId = risk.GetProperty("id").GetInt64();
        risk.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("description").GetString()).ShouldBe(["Inför dubblettkontroll", "Utbilda attestanter"], ignoreOrder: true);
        risk.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("description").GetString() == "Utbilda attestanter")
            .GetProperty("status").GetString().ShouldBe("inProgress");
        var control = plan.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("title").GetString() == "Avstämning av leverantörsutbetalningar");
        control.GetProperty("riskId").GetInt64().ShouldBe(riskId);
        control.GetProperty("method").GetString().ShouldBe("avstamning");
        // One entry (and event) per created resource, as when each was added on its own.
        (await HistoryCountAsync() - history).ShouldBe(4);
        using (var db = api.Database.Open())
            db.Query<string>("SELECT entity || '.' || action FROM history WHERE plan_id = @planId ORDER BY id DESC LIMIT 4", new { planId })
                .ShouldBe(["risk.created", "activity.created", "activity.created", "control.created"], ignoreOrder: true);

        // The workbook as it now exports imports back unchanged: the new rows carry their ids.
        using var again = await ImportAsync(client, planId, await ExportAsync(client, planId));
        var second = await again.Json();
        Count(second, "created").ShouldBe(0, second.ToString());
        Count(second, "updated").ShouldBe(0, second.ToString());
    }

    [Fact]
    public async Task Control_mistakes_and_risks_named_wrongly_are_errors_keyed_by_cell_and_nothing_changes()
    {
        var (client, planId, _, _, _, _) = await DraftAsync();
        var edited = await Openpyxl.EditAsync(await ExportAsync(client, planId),
            ("Kontrollmoment", "F2", "str:gissning"),                 // not a method
            ("Kontrollmoment", "G3", "str:varannan vecka"),          // not a frequency
            ("Kontrollmoment", "D3", "none:"),                       // title emptied
            ("Kontrollmoment", "K2", "str:i höst"),                  // not a date
            ("Kontrollmoment", "B4", "int:424242"), ("Kontrollmoment", "D4", "str:Ny kontroll"), ("Kontrollmoment", "F4", "str:analys"), ("Kontrollmoment", "G4", "str:arligen"),
            ("Kontrollmoment", "C5", "str:Ingen sådan risk"), ("Kontrollmoment", "D5", "str:Kontroll av okänd risk"), ("Kontrollmoment", "F5", "str:analys"), ("Kontrollmoment", "G5", "str:arligen"),
            ("Kontrollmoment", "A6", "int:999999"), ("Kontrollmoment", "D6", "str:Okänd kontroll"), ("Kontrollmoment", "F6", "str:analys"), ("Kontrollmoment", "G6", "str:arligen"),
            // Two new risks with one title: an activity naming it cannot tell which.
            ("Risker", "B4", "str:Dubblett"), ("Risker", "D4", "int:1"), ("Risker", "E4", "int:1"), ("Risker", "H4", "str:none"),
            ("Risker", "B5", "str:Dubblett"), ("Risker", "D5", "int:1"), ("Risker", "E5", "int:1"), ("Risker", "H5", "str:none"),
            ("Aktiviteter", "C3", "str:Dubblett"), ("Aktiviteter", "D3", "str:Ny"), ("Aktiviteter", "E3", "str:Mått"), ("Aktiviteter", "F3", "date:2023-12-01"),
            ("Aktiviteter", "D4", "str:Utan risk"), ("Aktiviteter", "E4", "str:Mått"), ("Aktiviteter", "F4", "date:2023-12-01"),
            ("Kontrollresultat 1", "D2", "str:För tidigt"));       // a result on a draft
        var before = DatabaseSnapshot.Take(api.Database);

        using var response = await ImportAsync(client, planId, edited);
        var problem = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(new[]
        {
            "Kontrollmoment!F2", "Kontrollmoment!G3", "Kontrollmoment!D3", "Kontrollmoment!K2", "Kontrollmoment!B4", "Kontrollmoment!C5",
            "Kontrollmoment!A6", "Aktiviteter!C3", "Aktiviteter!B4", "Kontrollresultat 1!A2",
        }.Order(), problem.ToString());
        errors.GetProperty("Kontrollmoment!F2")[0].GetString().ShouldBe("Must be one of: stickprov, avstamning, genomgang, loggkontroll, analys, annan.");
        errors.GetProperty("Kontrollmoment!G3")[0].GetString().ShouldBe("Must be one of: lopande, manadsvis, kvartalsvis, tertialvis, halvarsvis, arligen.");
        errors.GetProperty("Kontrollmoment!K2")[0].GetString().ShouldBe("Must be a date written YYYY-MM-DD.");
        errors.GetProperty("Kontrollmoment!B4")[0].GetString().ShouldBe($"Plan {planId} has no risk 424242.");
        errors.GetProperty("Kontrollmoment!C5")[0].GetString()!.ShouldStartWith("No risk is titled \"Ingen sådan risk\" in Risker");
        errors.GetProperty("Kontrollmoment!A6")[0].GetString().ShouldBe($"Plan {planId} has no control 999999.");
        errors.GetProperty("Aktiviteter!C3")[0].GetString().ShouldBe("2 risks are titled \"Dubblett\" (Risker!B4, Risker!B5): write the risk's id in Risk-id, or give the risks different titles.");
        errors.GetProperty("Aktiviteter!B4")[0].GetString()!.ShouldStartWith("Name the activity's risk by its id in Risk-id");
        errors.GetProperty("Kontrollresultat 1!A2")[0].GetString().ShouldBe($"Plan {planId} is a draft: results are recorded once the nämnd has adopted it.");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task Results_are_recorded_on_an_adopted_plan_where_the_controls_themselves_are_frozen()
    {
        var (client, planId, _, _, tied, alone) = await DraftAsync(2035);
        await client.Adopt(planId);
        var exported = await ExportAsync(client, planId);
        var history = await HistoryCountAsync();

        var wrong = await Openpyxl.EditAsync(exported,
            ("Kontrollmoment", "H2", "str:Fler konton"),                                            // the controls are the adopted plan's
            ("Kontrollmoment", "D4", "str:Ny kontroll"), ("Kontrollmoment", "F4", "str:analys"), ("Kontrollmoment", "G4", "str:arligen"),
            ("Kontrollresultat 1", "D2", "str:Avvikelser"), ("Kontrollresultat 1", "E2", "int:5"), ("Kontrollresultat 1", "F2", "int:6"),   // more deviations than checked
            ("Kontrollresultat 2", "D3", "str:Resultat"), ("Kontrollresultat 2", "E3", "str:många"));                                             // not a number
        using (var refused = await ImportAsync(client, planId, wrong))
        {
            var problem = await refused.Json();
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
            var errors = problem.GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(new[]
            {
                "Kontrollmoment!H2", "Kontrollmoment!D4", "Kontrollresultat 1!F2", "Kontrollresultat 2!E3",
            }.Order(), problem.ToString());
            errors.GetProperty("Kontrollmoment!H2")[0].GetString().ShouldBe($"Plan {planId} is adopted: its controls are part of the adopted plan; only their results are recorded.");
            errors.GetProperty("Kontrollresultat 1!F2")[0].GetString().ShouldBe("Deviations cannot be more than the number checked.");
            errors.GetProperty("Kontrollresultat 2!E3")[0].GetString().ShouldBe("Must be a whole number.");
        }
        (await HistoryCountAsync()).ShouldBe(history);

        var recorded = await Openpyxl.EditAsync(exported,
            ("Kontrollresultat 1", "D2", "str:2 av 20 konton för breda"), ("Kontrollresultat 1", "E2", "int:20"), ("Kontrollresultat 1", "F2", "int:2"),
            ("Kontrollresultat 1", "G2", "str:Behörigheterna togs bort."),
            ("Kontrollresultat 1", "D3", "str:Inga avvikelser"), ("Kontrollresultat 1", "E3", "int:60"), ("Kontrollresultat 1", "F3", "int:0"));
        using var response = await ImportAsync(client, planId, recorded);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("created").GetProperty("Kontrollresultat 1").GetInt32().ShouldBe(2);
        var control = await client.GetOk($"/api/v1/controls/{tied}");
        var result = control.GetProperty("results")[0];
        result.GetProperty("round").GetInt32().ShouldBe(1);
        result.GetProperty("deviations").GetInt32().ShouldBe(2);
        result.GetProperty("actions").GetString().ShouldBe("Behörigheterna togs bort.");
        (await client.GetOk($"/api/v1/controls/{alone}")).GetProperty("results")[0].GetProperty("checked").GetInt32().ShouldBe(60);
        (await HistoryCountAsync() - history).ShouldBe(2);
        // The round's progress counts the controls recorded.
        var status = (await client.GetOk($"/api/v1/plans/{planId}")).GetProperty("round1").GetProperty("controls");
        status.GetProperty("done").GetInt32().ShouldBe(2);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/follow-up-status?year=2035") { Headers = { { "Accept", Xlsx } } })
        using (var workbook = await client.SendAsync(request))
        {
            var sheet = (await Openpyxl.DumpAsync(await workbook.Content.ReadAsByteArrayAsync())).GetProperty("Uppföljningsstatus").GetProperty("cells");
            sheet.GetProperty("O1").GetString().ShouldBe("Kontrollmoment klara");
            var row = sheet.EnumerateObject().Where(c => c.Name.StartsWith('A') && c.Name != "A1" && c.Value.GetInt64() == planId).Select(c => c.Name[1..]).First();
            (sheet.GetProperty("O" + row).GetInt32(), sheet.GetProperty("P" + row).GetInt32()).ShouldBe((2, 2));
        }

        // Corrected in the next import: one entry, a change.
        using var corrected = await ImportAsync(client, planId, await Openpyxl.EditAsync(await ExportAsync(client, planId), ("Kontrollresultat 1", "F3", "int:1"),
            ("Kontrollresultat 1", "G3", "str:Påminnelse till attestanterna.")));
        (await corrected.Json()).GetProperty("updated").GetProperty("Kontrollresultat 1").GetInt32().ShouldBe(1);
        (await HistoryCountAsync() - history).ShouldBe(3);
    }
}
