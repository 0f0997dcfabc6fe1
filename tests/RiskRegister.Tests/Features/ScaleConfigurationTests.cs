namespace RiskRegister.Tests.Features;

/// <summary>The scale is configuration, and a plan keeps the scale it was created and adopted under.</summary>
public sealed class ScaleConfigurationTests
{
    /// <summary>The service with a stricter scale (on another fixture's database).</summary>
    private sealed class StrictScaleApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            new("Scale:Size", "3"),
            new("Scale:ProbabilityLabels:0", "Låg"), new("Scale:ProbabilityLabels:1", "Medel"), new("Scale:ProbabilityLabels:2", "Hög"),
            new("Scale:ConsequenceLabels:0", "Liten"), new("Scale:ConsequenceLabels:1", "Måttlig"), new("Scale:ConsequenceLabels:2", "Stor"),
            new("Scale:GreenMax", "2"),
            new("Scale:YellowMax", "4"),
        ];
    }

    [Fact]
    public async Task Changing_the_configured_scale_never_changes_an_adopted_plans_levels()
    {
        long planId, riskId;
        TestDatabase database;
        await using (var defaults = new ApiFixture())
        {
            await defaults.InitializeAsync();
            database = defaults.Database;
            var client = defaults.Admin();
            (planId, riskId, _) = await client.AdoptedPlan(2023); // bevakning risk 2×3 = 6, yellow on 4×4
            (await client.GetOk($"/api/v1/risks/{riskId}")).GetProperty("level").GetString().ShouldBe("yellow");
            defaults.KeepDatabase = true;
        }

        await using var strict = new StrictScaleApi { Database = database };
        await strict.InitializeAsync();
        var admin = strict.Admin();

        var plan = await admin.GetOk($"/api/v1/plans/{planId}");
        plan.GetProperty("scale").GetProperty("size").GetInt32().ShouldBe(4);
        (await admin.GetOk($"/api/v1/risks/{riskId}")).GetProperty("level").GetString().ShouldBe("yellow");
        // Follow-ups on the old plan are still judged on its own 4 × 4 scale.
        var round1 = await admin.PutOk($"/api/v1/risks/{riskId}/follow-ups/1", Risks.Round1(4, 2));
        round1.GetProperty("level").GetString().ShouldBe("yellow");

        // A new plan takes the new scale: 2×3 = 6 is red there, and 4 is off the scale.
        var newPlan = await admin.CreatePlan(await admin.CreateAdministration("Medicinsk service"), 2024);
        (await admin.GetOk($"/api/v1/plans/{newPlan}")).GetProperty("scale").GetProperty("probabilityLabels")[2].GetString().ShouldBe("Hög");
        var risk = await admin.CreateRisk(newPlan, Risks.Bevakning());
        risk.Level.ShouldBe(RiskRegister.Client.RiskLevel.Red);
        var outside = await admin.PostAsJsonAsync($"/api/v1/plans/{newPlan}/risks", Risks.Bevakning(p: 4, c: 1));
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Json()).GetProperty("errors").GetProperty("probability")[0].GetString()!.ShouldContain("between 1 and 3");
    }

    [Fact]
    public async Task A_plan_copied_under_another_scale_takes_the_new_scale()
    {
        long planId;
        TestDatabase database;
        await using (var defaults = new ApiFixture())
        {
            await defaults.InitializeAsync();
            database = defaults.Database;
            (planId, _, _) = await defaults.Admin().AdoptedPlan(2023); // granskning risk at 3×3 fits, bevakning 2×3 fits
            var extra = await defaults.Admin().GetOk($"/api/v1/plans/{planId}");
            extra.GetProperty("risks").GetArrayLength().ShouldBe(2);
            defaults.KeepDatabase = true;
        }
        await using var strict = new StrictScaleApi { Database = database };
        await strict.InitializeAsync();

        var copy = await strict.Admin().PostOk($"/api/v1/plans/{planId}/copy", new { year = 2024 });

        copy.GetProperty("scale").GetProperty("size").GetInt32().ShouldBe(3);
        copy.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("level").GetString()).ShouldAllBe(l => l == "red");
    }
}
