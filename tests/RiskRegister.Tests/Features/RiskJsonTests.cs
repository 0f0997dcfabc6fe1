using System.Text;
using System.Text.Json;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Features;

/// <summary>
/// <c>GET /risks/{id}</c> writes its risk by hand (<see cref="RiskJson"/>): byte for byte what the API's serializer writes
/// for the same view, for fixed and random values of every member (a redacted view is such a view), and for risks read
/// through the API, a secret one included.
/// </summary>
public sealed class RiskJsonTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Serialized(RiskView view)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
            JsonSerializer.Serialize(json, view, ApiJson.Options);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ByHand(RiskView view)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
            RiskJson.Write(json, view);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static readonly string[] Texts =
    [
        "", "Kompetensförsörjning", "Tab\tand\nlines\r\n", "\"quoted\" \\ back", "<b>markup</b> & 'apos'", "emoji 😀 and å ä ö Å Ä Ö",
        "\u2028\u2029 separators", "\u007f delete", "+ plus / slash", new string('x', 300),
    ];

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static RiskView RandomView(Random random)
    {
        string? Maybe() => random.Next(4) == 0 ? null : Pick(random, Texts);
        var levels = Enum.GetValues<RiskLevel>();
        var trends = Enum.GetValues<Trend>();
        return new RiskView
        {
            Id = random.NextInt64(1, long.MaxValue), PlanId = random.Next(), Title = Pick(random, Texts), Description = Pick(random, Texts),
            Probability = random.Next(1, 6), Consequence = random.Next(1, 6),
            Consequences = random.Next(3) == 0 ? null : Enumerable.Range(0, random.Next(4)).ToDictionary(n => Pick(random, Texts) + n, _ => random.Next(-1, 6)),
            Score = random.Next(1, 26), Level = Pick(random, levels), HandlingMethod = Pick(random, Enum.GetValues<HandlingMethod>()),
            Motivation = Maybe(), Category = Maybe(), Owner = Maybe(), Goal = Maybe(),
            GoalIds = Enumerable.Range(0, random.Next(3)).Select(_ => random.NextInt64(1, 1_000_000)).ToList(),
            CopiedFromRiskId = random.Next(2) == 0 ? null : random.NextInt64(1, long.MaxValue),
            AddedInRevision = random.Next(2) == 0 ? null : random.Next(1, 9),
            AdoptedScore = random.Next(2) == 0 ? null : random.Next(1, 26),
            Activities = Enumerable.Range(0, random.Next(4)).Select(_ => new ActivityView
            {
                Id = random.Next(), RiskId = random.Next(), Description = Pick(random, Texts), Measure = Pick(random, Texts),
                Due = DateOnly.FromDayNumber(random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)),
                Responsible = Maybe(), Status = Pick(random, Enum.GetValues<HandlingStatus>()), CarriedOver = random.Next(2) == 0,
            }).ToList(),
            FollowUp1 = random.Next(3) == 0 ? null : new FollowUp1View
            {
                HandlingStatus = Pick(random, Enum.GetValues<HandlingStatus>()), Observations = Pick(random, Texts), Events = Pick(random, Texts),
                Probability = random.Next(1, 6), Consequence = random.Next(1, 6), Score = random.Next(1, 26), Level = Pick(random, levels),
                Trend = Pick(random, trends), RecordedAt = "2026-08-23T13:41:59.000Z",
            },
            FollowUp2 = random.Next(3) == 0 ? null : new FollowUp2View
            {
                Result = Pick(random, Texts), ImprovementAreas = Pick(random, Texts), FinalMotivation = Pick(random, Texts),
                Probability = random.Next(1, 6), Consequence = random.Next(1, 6), FinalScore = random.Next(1, 26), Level = Pick(random, levels),
                Trend = Pick(random, trends), RecordedAt = Pick(random, Texts),
            },
            Secrecy = random.Next(3) == 0 ? null : new SecrecyView { Ground = Pick(random, Texts), Note = Maybe(), MarkedAt = Pick(random, Texts), MarkedBy = Maybe() },
            CreatedAt = Pick(random, Texts), UpdatedAt = "2026-12-05T14:00:00.000Z",
        };
    }

    [Fact]
    public void Writes_the_serializers_bytes_for_random_views()
    {
        var random = new Random(28);
        for (var n = 0; n < 2000; n++)
        {
            var view = RandomView(random);
            ByHand(view).ShouldBe(Serialized(view), $"view {n}");
        }
    }

    [Fact]
    public void Writes_the_serializers_bytes_for_a_view_of_defaults()
    {
        var view = new RiskView { Activities = [] };
        ByHand(view).ShouldBe(Serialized(view));
    }

    [Fact]
    public async Task A_risk_read_through_the_API_is_what_the_serializer_writes_for_it_marked_or_not()
    {
        var admin = api.Admin();
        var board = await admin.CreateBoard("Nämnden för riskens JSON");
        var unit = await admin.CreateUnit("Förvaltningen för riskens JSON", board.Id);
        var plan = await admin.CreatePlanView(unit.Id, 2024);
        var open = await admin.CreateRisk(plan.Id, Risks.Granskning("Öppen risk med \"citat\" och 😀"));
        await admin.AddActivity(open.Id);
        var marked = await admin.CreateRisk(plan.Id, Risks.Bevakning("Hemlig risk <b>"));
        await admin.PutOk($"/api/v1/risks/{marked.Id}/secrecy", new { ground = "OSL 18 kap. 8 §", note = "Anteckning\tmed tab" });
        var auditor = api.WithKey((await admin.CreateClient("riskens-json-revisor", "auditor")).Key);

        foreach (var (client, id) in new[] { (admin, open.Id), (admin, marked.Id), (auditor, open.Id), (auditor, marked.Id) })
        {
            var response = await client.GetAsync($"/api/v1/risks/{id}");
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync();
            Serialized(JsonSerializer.Deserialize<RiskView>(body, ApiJson.Options)!).ShouldBe(body);
            body.ShouldContain(id == marked.Id ? "\"ground\":\"OSL 18 kap. 8 §\"" : "\"activities\":[{");
        }
    }
}
