using System.Text;
using System.Text.Json;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports.FollowUpStatus;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// A page of follow-up status is written by hand (<see cref="StatusJson"/>): byte for byte what the API's serializer
/// writes for the same page, for random values of every member, and for pages read through the API.
/// </summary>
public sealed class StatusJsonTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder })) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Serialized(Response page) => Written(json => JsonSerializer.Serialize(json, page, ApiJson.Options));
    private static string ByHand(Response page) => Written(json => StatusJson.Write(json, page));

    private static readonly string[] Texts =
    [
        "", "Förvaltning Nord", "Tab\tand\nlines\r\n", "\"quoted\" \\ back", "<b>markup</b> & 'apos'", "emoji 😀 and å ä ö",
        "\u2028\u2029 separators", "\u007f delete", "+ plus / slash", "A\uFFFDB", new string('x', 300),
    ];

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static DateOnly Date(Random random) => DateOnly.FromDayNumber(random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));

    private static RoundStatus Round(Random random) => new()
    {
        Done = random.Next(-1, 100), Total = random.Next(int.MinValue, int.MaxValue), Due = Date(random),
        RecordedAt = random.Next(3) == 0 ? null : Pick(random, Texts),
        Reported = random.Next(3) == 0 ? null : new RoundReportView
        {
            Date = Date(random), Paragraph = Pick(random, Texts), CaseNumber = Pick(random, Texts), Complete = random.Next(2) == 0,
        },
        Late = random.Next(2) == 0, Overdue = random.Next(2) == 0,
        Controls = new ControlProgress { Done = random.Next(), Total = random.Next() },
    };

    private static Response RandomPage(Random random) => new()
    {
        Today = Date(random),
        NextCursor = random.Next(2) == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
        Items = Enumerable.Range(0, random.Next(5)).Select(_ => new FollowUpStatusRow
        {
            PlanId = random.NextInt64(long.MinValue, long.MaxValue), UnitId = random.NextInt64(), UnitName = Pick(random, Texts),
            BoardName = random.Next(3) == 0 ? null : Pick(random, Texts), Year = random.Next(int.MinValue, int.MaxValue),
            Status = Pick(random, Enum.GetValues<PlanStatus>()),
            Decision = random.Next(3) == 0 ? null : new Decision { Date = Date(random), Paragraph = Pick(random, Texts), CaseNumber = Pick(random, Texts) },
            Round1 = Round(random), Round2 = Round(random),
        }).ToList(),
    };

    [Fact]
    public void Random_pages_are_written_as_the_serializer_writes_them()
    {
        var random = new Random(28_5);
        for (var i = 0; i < 2000; i++)
        {
            var page = RandomPage(random);
            ByHand(page).ShouldBe(Serialized(page), $"page {i}");
        }
        var empty = new Response { Today = new DateOnly(2026, 12, 5) };
        ByHand(empty).ShouldBe(Serialized(empty));
    }

    [Fact]
    public async Task Pages_read_through_the_api_are_the_serializers_bytes()
    {
        var admin = api.Admin();
        var unitId = await admin.CreateAdministration("Förvaltning \"Syd\" <b>&");
        var planId = await admin.CreatePlan(unitId);
        var risk = await admin.CreateRisk(planId, Risks.Granskning());
        await admin.AddActivity(risk.Id);
        await admin.Adopt(planId, Risks.Decision);
        await admin.RecordFollowUp1(risk.Id);
        await admin.CreatePlan(unitId, 2024);
        foreach (var query in new[] { $"unitId={unitId}", $"year=2023&unitId={unitId}", "limit=1", "" })
        {
            var response = await admin.GetAsync($"/api/v1/follow-up-status?{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var text = await response.Content.ReadAsStringAsync();
            var page = JsonSerializer.Deserialize<Response>(text, ApiJson.Options)!;
            page.Items.ShouldNotBeEmpty(query);
            text.ShouldBe(Serialized(page), query);
        }
    }
}
