using System.IO.Compression;
using System.Net.Http.Headers;
using RiskRegister.Tests.Reports;

namespace RiskRegister.Tests.Features.Spreadsheets;

/// <summary>Plans as workbooks, out and back in: the export, the import and its rules, round trips through openpyxl, hostile files.</summary>
public sealed class SpreadsheetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Risker: A Id, B Titel, C Beskrivning, D Sannolikhet, E Konsekvens, F Riskvärde, G Nivå, H Hanteringsmetod, I Motivering,
    // J Riskområde, K Riskägare, L Mål. Aktiviteter: A Id, B Risk-id, C Risk, D Aktivitet, E Mätvärde, F Tidplan, G Ansvarig, H Status.
    // Uppföljning 1: A Risk-id, B Risk, C Status genomförd hantering, D Iakttagelser, E Händelser, F Sannolikhet, G Konsekvens.

    /// <summary>A draft with a granskning risk (3 × 3, row 2, with an activity) and a bevakning risk (2 × 3, row 3).</summary>
    private async Task<(HttpClient Client, long PlanId, long Granskning, long Bevakning)> DraftAsync()
    {
        var client = api.Admin();
        var planId = await client.CreatePlan(await client.CreateAdministration());
        var granskning = await client.AddRisk(planId, Risks.Granskning());
        var bevakning = await client.AddRisk(planId, Risks.Bevakning());
        await client.AddActivity(granskning);
        return (client, planId, granskning, bevakning);
    }

    public static async Task<byte[]> ExportAsync(HttpClient client, long planId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Xlsx));
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<HttpResponseMessage> ImportAsync(HttpClient client, long planId, byte[] workbook, bool dryRun = false, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{planId}/import?dryRun={(dryRun ? "true" : "false")}")
        {
            Content = new ByteArrayContent(workbook),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static int Count(JsonElement answer, string kind) => answer.GetProperty(kind).EnumerateObject().Sum(p => p.Value.GetInt32());

    [Fact]
    public async Task A_plan_exports_as_a_workbook_with_codes_ids_dates_frozen_headers_and_dropdowns()
    {
        var (client, planId, granskning, bevakning) = await DraftAsync();
        var formula = await client.AddRisk(planId, new { title = "=HYPERLINK(\"http://evil.example\",\"klicka\")", probability = 1, consequence = 1, handlingMethod = "none" });

        var book = await Openpyxl.DumpAsync(await ExportAsync(client, planId));

        book.EnumerateObject().Select(s => s.Name).ShouldBe(["Plan", "Risker", "Aktiviteter", "Kontrollmoment", "Uppföljning 1", "Kontrollresultat 1",
            "Uppföljning 2", "Kontrollresultat 2", "Listor"]);
        book.GetProperty("Listor").GetProperty("state").GetString().ShouldBe("hidden");
        var risker = book.GetProperty("Risker");
        risker.GetProperty("freeze").GetString().ShouldBe("A2");
        var cells = risker.GetProperty("cells");
        cells.GetProperty("A1").GetString().ShouldBe("Id");
        cells.GetProperty("B1").GetString().ShouldBe("Titel");
        cells.GetProperty("A2").GetInt64().ShouldBe(granskning);
        cells.GetProperty("A3").GetInt64().ShouldBe(bevakning);
        cells.GetProperty("H2").GetString().ShouldBe("granskning");
        cells.GetProperty("G2").GetString().ShouldBe("red");
        cells.GetProperty("D2").GetInt32().ShouldBe(3);
        // The formula-looking title is text, shown with Excel's leading apostrophe, and its value is the title itself.
        cells.GetProperty("B4").GetString().ShouldBe("=HYPERLINK(\"http://evil.example\",\"klicka\")");
        risker.GetProperty("quoted").EnumerateArray().Select(c => c.GetString()).ShouldBe(["B4"]);
        cells.GetProperty("A4").GetInt64().ShouldBe(formula);
        risker.GetProperty("validations").EnumerateArray().Select(v => v.GetString()).ShouldContain("Listor!$A$2:$A$5 H2:H1048576");
        risker.GetProperty("widths").GetProperty("B").GetDouble().ShouldBeGreaterThan(20);
        var activities = book.GetProperty("Aktiviteter").GetProperty("cells");
        activities.GetProperty("B2").GetInt64().ShouldBe(granskning);
        activities.GetProperty("F2").GetString().ShouldBe("date:2023-10-31");
        activities.GetProperty("H2").GetString().ShouldBe("notStarted");
        book.GetProperty("Plan").GetProperty("cells").GetProperty("B2").GetInt64().ShouldBe(planId);
        var lists = book.GetProperty("Listor").GetProperty("cells");
        lists.GetProperty("A5").GetString().ShouldBe("atgard");
        lists.GetProperty("F5").GetString().ShouldBe("Sannolik");
    }

    [Fact]
    public async Task The_import_template_is_the_empty_workbook()
    {
        using var response = await api.Admin().GetAsync("/api/v1/plans/import-template");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);
        var book = await Openpyxl.DumpAsync(await response.Content.ReadAsByteArrayAsync());
        book.GetProperty("Risker").GetProperty("cells").EnumerateObject().Select(c => c.Name).ShouldAllBe(name => name.EndsWith('1'));
        book.GetProperty("Listor").GetProperty("cells").GetProperty("E5").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task The_generated_client_downloads_the_template_and_uploads_a_workbook()
    {
        var (client, planId, _, _) = await DraftAsync();
        using (var template = await client.Typed().GetPlanImportTemplateAsync())
        {
            using var bytes = new MemoryStream();
            await template.Stream.CopyToAsync(bytes);
            bytes.Length.ShouldBeGreaterThan(1000);
        }
        using var workbook = new MemoryStream(await ExportAsync(client, planId));
        var answer = await client.Typed().ImportPlanAsync(planId, workbook, dryRun: true);
        answer.DryRun.ShouldBeTrue();
        answer.Unchanged["Risker"].ShouldBe(2);
    }

    [Fact]
    public async Task Follow_up_status_answers_a_workbook_with_a_row_per_plan_and_round()
    {
        var client = api.Admin();
        var (planId, _, _) = await client.AdoptedPlan(2031);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/follow-up-status?year=2031");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Xlsx));
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sheet = (await Openpyxl.DumpAsync(await response.Content.ReadAsByteArrayAsync())).GetProperty("Uppföljningsstatus").GetProperty("cells");
        var planRows = sheet.EnumerateObject().Where(c => c.Name.StartsWith('A') && c.Name != "A1" && c.Value.GetInt64() == planId).Select(c => c.Name[1..]).ToList();
        planRows.Count.ShouldBe(2);
        planRows.Select(r => sheet.GetProperty("J" + r).GetInt32()).ShouldBe([1, 2]);
        sheet.GetProperty("M" + planRows[0]).GetString().ShouldStartWith("date:2031-");
    }

    [Fact]
    public async Task A_workbook_imported_unchanged_changes_nothing_also_when_saved_by_another_program()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan(2032);
        await client.RecordFollowUp1(granskning);
        var exported = await ExportAsync(client, planId);
        var before = DatabaseSnapshot.Take(api.Database);

        foreach (var workbook in new[] { exported, await Openpyxl.EditAsync(exported) })
        {
            using var response = await ImportAsync(client, planId, workbook);
            var answer = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("dryRun").GetBoolean().ShouldBeFalse();
            Count(answer, "created").ShouldBe(0);
            Count(answer, "updated").ShouldBe(0);
            answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(2);
            answer.GetProperty("unchanged").GetProperty("Aktiviteter").GetInt32().ShouldBe(1);
            answer.GetProperty("unchanged").GetProperty("Uppföljning 1").GetInt32().ShouldBe(1);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task Three_cells_edited_in_another_program_change_exactly_those_three_values()
    {
        var (client, planId, granskning, bevakning) = await DraftAsync();
        var before = Flatten(await client.GetOk($"/api/v1/plans/{planId}"));
        var history = await HistoryCountAsync();
        var edited = await Openpyxl.EditAsync(await ExportAsync(client, planId),
            ("Risker", "E3", "int:4"), ("Risker", "K2", "str:Säkerhetschefen"), ("Aktiviteter", "F2", "date:2023-11-30"));

        using var response = await ImportAsync(client, planId, edited);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("updated").GetProperty("Risker").GetInt32().ShouldBe(2);
        answer.GetProperty("updated").GetProperty("Aktiviteter").GetInt32().ShouldBe(1);

        var after = Flatten(await client.GetOk($"/api/v1/plans/{planId}"));
        var changed = after.Where(p => !before.TryGetValue(p.Key, out var was) || was != p.Value).Select(p => p.Key)
            .Where(k => !k.EndsWith(".updatedAt") && !k.EndsWith(".score") && !k.EndsWith(".level") && k != "updatedAt").Order().ToList();
        changed.ShouldBe(new[] { $"risks[{bevakning}].consequence", $"risks[{granskning}].activities[0].due", $"risks[{granskning}].owner" }.Order().ToList());
        after[$"risks[{bevakning}].consequence"].ShouldBe("4");
        after[$"risks[{granskning}].owner"].ShouldBe("Säkerhetschefen");
        after[$"risks[{granskning}].activities[0].due"].ShouldBe("2023-11-30");
        // One history entry per changed resource: two risks and an activity.
        (await HistoryCountAsync() - history).ShouldBe(3);
    }

    [Fact]
    public async Task A_workbook_with_ten_mistakes_gets_ten_cell_keyed_errors_and_changes_nothing()
    {
        var (client, planId, _, _) = await DraftAsync();
        var exported = await ExportAsync(client, planId);
        var edited = await Openpyxl.EditAsync(exported,
            ("Risker", "E2", "int:5"),                        // off the plan's 4 × 4 scale
            ("Risker", "D3", "str:hög"),                      // not a number
            ("Risker", "H2", "str:undvika"),                  // not a method
            ("Risker", "B3", "none:"),                        // title emptied
            ("Risker", "J2", "str:" + new string('x', 301)),  // too long
            ("Aktiviteter", "F2", "str:31/10/2023"),          // not a date
            ("Aktiviteter", "H2", "str:klar"),                // not a status
            ("Aktiviteter", "E2", "none:"),                   // measure emptied
            ("Aktiviteter", "B3", "int:424242"), ("Aktiviteter", "D3", "str:Ny"), ("Aktiviteter", "E3", "str:Mått"), ("Aktiviteter", "F3", "date:2023-12-01"),
            ("Uppföljning 1", "C2", "str:done"), ("Uppföljning 1", "D2", "str:Iakttagelse"), ("Uppföljning 1", "E2", "str:Händelse"),
            ("Uppföljning 1", "F2", "int:2"), ("Uppföljning 1", "G2", "int:2"));   // a round on a draft
        var before = DatabaseSnapshot.Take(api.Database);

        using var response = await ImportAsync(client, planId, edited);
        var problem = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(new[]
        {
            "Risker!E2", "Risker!D3", "Risker!H2", "Risker!B3", "Risker!J2",
            "Aktiviteter!F2", "Aktiviteter!H2", "Aktiviteter!E2", "Aktiviteter!B3", "Uppföljning 1!A2",
        }.Order());
        errors.GetProperty("Risker!E2")[0].GetString().ShouldBe("Consequence must be between 1 and 4 on this plan's scale.");
        errors.GetProperty("Risker!D3")[0].GetString().ShouldBe("Must be a whole number.");
        errors.GetProperty("Risker!H2")[0].GetString().ShouldBe("Must be one of: none, bevakning, granskning, atgard.");
        errors.GetProperty("Aktiviteter!F2")[0].GetString().ShouldBe("Must be a date written YYYY-MM-DD.");
        errors.GetProperty("Aktiviteter!B3")[0].GetString().ShouldBe($"Plan {planId} has no risk 424242.");
        errors.GetProperty("Uppföljning 1!A2")[0].GetString()!.ShouldContain("is a draft");
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_dry_run_answers_the_counts_and_stores_nothing_then_the_import_creates()
    {
        var (client, planId, _, _) = await DraftAsync();
        var edited = await Openpyxl.EditAsync(await ExportAsync(client, planId),
            ("Risker", "B4", "str:Ny risk"), ("Risker", "C4", "str:Från kalkylbladet."), ("Risker", "D4", "int:1"), ("Risker", "E4", "int:2"), ("Risker", "H4", "str:none"));
        var before = DatabaseSnapshot.Take(api.Database);

        using (var dry = await ImportAsync(client, planId, edited, dryRun: true))
        {
            var answer = await dry.Json();
            dry.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
            answer.GetProperty("created").GetProperty("Risker").GetInt32().ShouldBe(1);
            answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBe(2);
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);

        using var real = await ImportAsync(client, planId, edited);
        real.StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await client.GetOk($"/api/v1/plans/{planId}");
        plan.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("title").GetString()).ShouldContain("Ny risk");
    }

    [Fact]
    public async Task Follow_up_sheets_record_rounds_on_an_adopted_plan_and_frozen_risks_stay_frozen()
    {
        var client = api.Admin();
        var (planId, bevakning, granskning) = await client.AdoptedPlan(2033);
        var exported = await ExportAsync(client, planId);
        var recorded = await Openpyxl.EditAsync(exported,
            ("Uppföljning 1", "C3", "str:inProgress"), ("Uppföljning 1", "D3", "str:Rekryteringen pågår."), ("Uppföljning 1", "E3", "str:Inga."),
            ("Uppföljning 1", "F3", "int:2"), ("Uppföljning 1", "G3", "int:2"), ("Aktiviteter", "H2", "str:done"));

        using var response = await ImportAsync(client, planId, recorded);
        var answer = await response.Json();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("created").GetProperty("Uppföljning 1").GetInt32().ShouldBe(1);
        answer.GetProperty("updated").GetProperty("Aktiviteter").GetInt32().ShouldBe(1);
        var risk = await client.GetOk($"/api/v1/risks/{bevakning}");
        risk.GetProperty("followUp1").GetProperty("observations").GetString().ShouldBe("Rekryteringen pågår.");
        (await client.GetOk($"/api/v1/risks/{granskning}")).GetProperty("activities")[0].GetProperty("status").GetString().ShouldBe("done");

        using var frozen = await ImportAsync(client, planId, await Openpyxl.EditAsync(exported, ("Risker", "D2", "int:1")));
        frozen.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await frozen.Json()).GetProperty("errors").GetProperty("Risker!D2")[0].GetString()!.ShouldContain("frozen");
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_the_plans_etag_is_answered()
    {
        var (client, planId, _, _) = await DraftAsync();
        var exported = await ExportAsync(client, planId);
        using var stale = await ImportAsync(client, planId, exported, ifMatch: "\"1\"");
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        using var current = await client.GetAsync($"/api/v1/plans/{planId}");
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/plans/{planId}") { Headers = { { "Accept", Xlsx } } })
        using (var workbook = await client.SendAsync(request))
            workbook.Headers.ETag!.Tag.ShouldBe(current.Headers.ETag!.Tag);   // the export carries the ETag an import sends back
        using var fresh = await ImportAsync(client, planId, exported, ifMatch: current.Headers.ETag!.Tag);
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        fresh.Headers.ETag!.Tag.ShouldBe(current.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Hostile_workbooks_get_their_status_and_store_nothing()
    {
        var (client, planId, _, _) = await DraftAsync();
        var exported = await ExportAsync(client, planId);
        var before = DatabaseSnapshot.Take(api.Database);

        (await ImportAsync(client, planId, new byte[5 * 1024 * 1024 + 1])).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await ImportAsync(client, planId, "title,probability\nx,1\n"u8.ToArray())).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await ImportAsync(client, planId, Zip(("readme.txt", 10)))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        using (var bomb = await ImportAsync(client, planId, Zip(("xl/worksheets/sheet1.xml", 60 * 1024 * 1024))))
        {
            bomb.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bomb.Json()).GetProperty("detail").GetString()!.ShouldContain("expands");
        }

        var tooMany = await Openpyxl.EditAsync(exported, Enumerable.Range(4, 200).Select(r => ("Risker", $"B{r}", "str:Risk " + r)).ToArray());
        using (var past = await ImportAsync(client, planId, tooMany))
        {
            past.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await past.Json()).GetProperty("errors").GetProperty("Risker")[0].GetString()!.ShouldContain("At most 200 rows");
        }

        var formulaAndLong = await Openpyxl.EditAsync(exported, ("Risker", "K2", "formula:=1+2"), ("Risker", "C3", "str:" + new string('x', 8001)));
        using (var refused = await ImportAsync(client, planId, formulaAndLong))
        {
            var errors = (await refused.Json()).GetProperty("errors");
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            errors.GetProperty("Risker!K2")[0].GetString()!.ShouldContain("formula");
            errors.GetProperty("Risker!C3")[0].GetString()!.ShouldContain("8000");
        }
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }

    [Fact]
    public async Task A_formulas_cached_value_is_read_never_evaluated()
    {
        var (client, planId, granskning, _) = await DraftAsync();
        var exported = await ExportAsync(client, planId);
        // Riskägare of row 2 as a formula whose stored result is a text: the text is what is imported.
        var withFormula = RewriteSheet(exported, "xl/worksheets/sheet2.xml", xml =>
            xml.Replace("<x:row r=\"2\">", "<x:row r=\"2\"><x:c r=\"K2\" t=\"str\"><x:f>UPPER(\"ignored\")</x:f><x:v>Cachad ägare</x:v></x:c>", StringComparison.Ordinal));
        using var response = await ImportAsync(client, planId, withFormula);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await client.GetOk($"/api/v1/risks/{granskning}")).GetProperty("owner").GetString().ShouldBe("Cachad ägare");
    }

    private async Task<long> HistoryCountAsync()
    {
        using var db = api.Database.Open();
        return db.ExecuteScalar<long>("SELECT COUNT(*) FROM history");
    }

    /// <summary>A plan's JSON as path → value, risks and activities keyed by id (their order follows the scores).</summary>
    private static Dictionary<string, string> Flatten(JsonElement plan)
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
                    {
                        var key = path == "risks" && item.TryGetProperty("id", out var id) ? id.ToString() : (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        Walk(item, $"{path}[{key}]");
                    }
                    break;
                default:
                    flat[path] = e.ToString();
                    break;
            }
        }
        Walk(plan, "");
        return flat;
    }

    private static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var left = bytes; left > 0; left -= zeros.Length) stream.Write(zeros, 0, Math.Min(left, zeros.Length));
            }
        return buffer.ToArray();
    }

    private static byte[] RewriteSheet(byte[] workbook, string entryName, Func<string, string> rewrite)
    {
        using var buffer = new MemoryStream();
        buffer.Write(workbook);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            var changed = rewrite(xml);
            changed.ShouldNotBe(xml);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
            writer.Write(changed);
        }
        return buffer.ToArray();
    }
}

/// <summary>Every demo plan round-trips: exported and imported unchanged, nothing is written.</summary>
public sealed class DemoSpreadsheetTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Every_demo_plan_exports_and_imports_back_unchanged()
    {
        var client = api.Admin();
        var plans = (await client.GetOk("/api/v1/plans")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        plans.ShouldNotBeEmpty();
        var before = DatabaseSnapshot.Take(api.Database);
        var controls = 0;
        foreach (var planId in plans)
        {
            using var response = await SpreadsheetTests.ImportAsync(client, planId, await Openpyxl.EditAsync(await SpreadsheetTests.ExportAsync(client, planId)));
            var answer = await response.Json();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
            answer.GetProperty("created").EnumerateObject().Sum(p => p.Value.GetInt32()).ShouldBe(0, answer.ToString());
            answer.GetProperty("updated").EnumerateObject().Sum(p => p.Value.GetInt32()).ShouldBe(0, answer.ToString());
            answer.GetProperty("unchanged").GetProperty("Risker").GetInt32().ShouldBeGreaterThan(0);
            controls += answer.GetProperty("unchanged").GetProperty("Kontrollmoment").GetInt32();
        }
        controls.ShouldBeGreaterThan(0);   // the demo's kontrollmoment went out and back too
        DatabaseSnapshot.Take(api.Database).ShouldBe(before);
    }
}
