namespace RiskRegister.Tests.Features;

/// <summary>The whole yearly cycle, on the design's worked example.</summary>
public sealed class CycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Forflyttning_till_tjansteleverans_goes_from_6_yellow_to_9_red_and_ends_at_9()
    {
        var client = api.Admin();
        var unitId = await client.CreateAdministration("Digitalisering IT och MT");
        var planId = await client.CreatePlan(unitId, 2023);

        var risk = await client.PostOk($"/api/v1/plans/{planId}/risks", new
        {
            title = "Förflyttning från systemleverans till tjänsteleverans",
            description = "Förvaltningen ställer om från att leverera system till att leverera tjänster.",
            probability = 3, consequence = 2, handlingMethod = "granskning",
            motivation = "Omställningen berör hela förvaltningens leverans och behöver granskas.",
        });
        risk.GetProperty("score").GetInt32().ShouldBe(6);
        risk.GetProperty("level").GetString().ShouldBe("yellow");
        var riskId = risk.GetProperty("id").GetInt64();
        await client.AddActivity(riskId, new
        {
            description = "Granska tjänstekatalogen", measure = "Tjänstekatalog fastställd", due = "2023-10-31", responsible = "IT-chef",
        });

        var adopted = await client.PostOk($"/api/v1/plans/{planId}/adoption", new { date = "2023-04-26", paragraph = "§ 12", caseNumber = "2023-POL000381" });
        adopted.GetProperty("status").GetString().ShouldBe("adopted");
        adopted.GetProperty("decision").GetProperty("paragraph").GetString().ShouldBe("§ 12");

        var round1 = await client.PutOk($"/api/v1/risks/{riskId}/follow-ups/1", new
        {
            handlingStatus = "inProgress", observations = "Omställningen tar längre tid än planerat.",
            events = "Ny organisation för tjänsteleverans.", probability = 3, consequence = 3,
        });
        round1.GetProperty("score").GetInt32().ShouldBe(9);
        round1.GetProperty("level").GetString().ShouldBe("red");
        round1.GetProperty("trend").GetString().ShouldBe("increased");

        var round2 = await client.PutOk($"/api/v1/risks/{riskId}/follow-ups/2", new
        {
            result = "Granskningen genomförd.", improvementAreas = "Fortsatt arbete med tjänstekatalogen.",
            finalMotivation = "Risken kvarstår på samma nivå.", probability = 3, consequence = 3,
        });
        round2.GetProperty("finalScore").GetInt32().ShouldBe(9);
        round2.GetProperty("level").GetString().ShouldBe("red");
        round2.GetProperty("trend").GetString().ShouldBe("unchanged");

        var closed = await client.PostOk($"/api/v1/plans/{planId}/closure", new { });
        closed.GetProperty("status").GetString().ShouldBe("closed");
        var stored = await client.GetOk($"/api/v1/risks/{riskId}");
        stored.GetProperty("score").GetInt32().ShouldBe(6);
        stored.GetProperty("followUp1").GetProperty("score").GetInt32().ShouldBe(9);
        stored.GetProperty("followUp2").GetProperty("finalScore").GetInt32().ShouldBe(9);
    }
}
