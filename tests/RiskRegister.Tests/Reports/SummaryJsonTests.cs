using System.Text;
using System.Text.Json;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// The summary's JSON is written by hand (<see cref="SummaryJson"/>): byte for byte what the API's serializer writes for
/// the same <see cref="Response"/>, for every plan of the demo (goals, revisions, controls), a draft, a plan under an open
/// revision, marked risks and controls read in full and redacted, for random figures, and as the endpoint answers.
/// </summary>
public sealed class SummaryJsonTests(DemoFixture api) : IClassFixture<DemoFixture>
{
    private static string Serialized(Response summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
            JsonSerializer.Serialize(json, summary, ApiJson.Options);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ByHand(Response summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, SummaryJson.WriterOptions))
            SummaryJson.Write(json, summary);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public async Task Every_plans_summary_written_by_hand_is_byte_for_byte_what_the_serializer_writes()
    {
        var admin = api.Admin();
        var plans = (await admin.GetOk("/api/v1/plans")).GetProperty("items").EnumerateArray().ToList();
        var first = plans[0].GetProperty("id").GetInt64();
        await admin.PostOk($"/api/v1/plans/{first}/copy", new { year = 2032 });
        var risks = (await admin.GetOk($"/api/v1/plans/{first}/risks")).GetProperty("items").EnumerateArray().ToList();
        await admin.PutOk($"/api/v1/risks/{risks[2].GetProperty("id").GetInt64()}/secrecy", new { ground = "OSL 18 kap. 8 §", note = "Uppgifter om \"skydd\" & säkerhet" });
        var adopted = plans.Last(p => p.GetProperty("status").GetString() == "adopted").GetProperty("id").GetInt64();
        await admin.PostOk($"/api/v1/plans/{adopted}/revisions", new { reason = "Ändrade förutsättningar \"2025\"\t& nya risker" });
        var revised = (await admin.GetOk($"/api/v1/plans/{adopted}/risks")).GetProperty("items")[0];
        (await admin.PatchAsJsonAsync($"/api/v1/risks/{revised.GetProperty("id").GetInt64()}",
            new { probability = revised.GetProperty("probability").GetInt32() % 4 + 1 }, ApiFixture.Json)).EnsureSuccessStatusCode();
        var control = await admin.PostOk($"/api/v1/plans/{adopted}/controls", new { title = "Stickprov på attest 😀", method = "stickprov", frequency = "kvartalsvis" });
        await admin.PutOk($"/api/v1/controls/{control.GetProperty("id").GetInt64()}/secrecy", new { ground = "OSL 20 kap. 1 §" });

        var db = api.Services.GetRequiredService<Db>();
        var adoption = api.Services.GetRequiredService<AdoptionPolicy>();
        var rounds = new RiskRegister.Api.Features.FollowUps.RoundDays(api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RiskRegister.Api.Features.FollowUps.FollowUpSettings>>().Value, new DateOnly(2026, 12, 5));
        var (compared, withChanges, withGoals, withRevisions) = (0, 0, 0, 0);
        await using var connection = await db.OpenAsync(CancellationToken.None);
        foreach (var id in await connection.QueryAsync<long>("SELECT id FROM plans ORDER BY id"))
            foreach (var disclosure in new[] { Disclosure.Full, Disclosure.Redacted })
            {
                var units = new List<SummaryReads.UnitRow>();
                var kept = new List<RiskRegister.Api.Features.FollowUps.RoundRecords.Row>();
                var plan = (await PlanView.LoadAsync(connection, null, id, adoption, disclosure, null, CancellationToken.None, SummaryReads.WithPlan(units, kept)))!;
                plan.JudgeRounds(kept, rounds);
                var extras = await SummaryReads.LoadAsync(connection, plan, units, CancellationToken.None);
                var summary = SummaryBuilder.Build(plan, extras.BoardName, DateTimeOffset.Parse("2026-12-05T10:00:00Z"), disclosure, extras.Revisions, extras.Goals);

                ByHand(summary).ShouldBe(Serialized(summary), $"plan {id}, {disclosure}");
                compared++;
                withChanges += summary.Changes.Count > 0 ? 1 : 0;
                withGoals += summary.ByGoal.Count > 0 ? 1 : 0;
                withRevisions += summary.Plan.Revisions.Count > 0 ? 1 : 0;
            }
        compared.ShouldBeGreaterThanOrEqualTo(8);
        withChanges.ShouldBeGreaterThan(0);
        withGoals.ShouldBeGreaterThan(0);
        withRevisions.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_endpoint_answers_what_the_serializer_writes_for_its_summary()
    {
        var admin = api.Admin();
        foreach (var item in (await admin.GetOk("/api/v1/plans")).GetProperty("items").EnumerateArray())
        {
            var response = await admin.GetAsync($"/api/v1/plans/{item.GetProperty("id").GetInt64()}/summary");
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync();
            response.Content.Headers.ContentLength.ShouldBe(Encoding.UTF8.GetByteCount(body));
            Serialized(JsonSerializer.Deserialize<Response>(body, ApiJson.Options)!).ShouldBe(body);
        }
    }

    private static readonly string[] Texts =
        ["", "Kompetensförsörjning", "Tab\tand\nlines\r\n", "\"quoted\" \\ back", "<b>markup</b> & 'apos'", "emoji 😀 och å ä ö", "\u2028 separator"];

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static ValueView RandomValue(Random random) => new()
    {
        Probability = random.Next(1, 6), Consequence = random.Next(1, 6), Score = random.Next(1, 26), Level = Pick(random, Enum.GetValues<RiskLevel>()),
    };

    private static RoundProgress RandomRound(Random random)
    {
        var total = random.Next(0, 30);
        return new RoundProgress(random.Next(0, total + 1), total);
    }

    // Every member of the plan, written by hand too (its scale's JSON kept per scale): the default scale and others, texts
    // or none, a decision or none, revisions or none.
    private static readonly Scale[] Scales =
    [
        Scale.Default,
        new() { Size = 3, ProbabilityLabels = ["Låg", "Medel", "Hög \"\\ <"], ConsequenceLabels = ["a", "b", "c"], GreenMax = 2, YellowMax = 5, ConsequenceAreas = ["Ekonomi", "Förtroende"] },
    ];

    private static SummaryPlan RandomPlan(Random random) => new()
    {
        Id = random.Next(), UnitId = random.Next(), UnitName = Pick(random, Texts), BoardName = random.Next(2) == 0 ? null : Pick(random, Texts),
        Year = random.Next(2017, 2030), Title = random.Next(2) == 0 ? null : Pick(random, Texts), DocumentTitle = Pick(random, Texts),
        Introduction = random.Next(2) == 0 ? null : Pick(random, Texts), Process = random.Next(2) == 0 ? null : Pick(random, Texts),
        FollowUpDecision = random.Next(2) == 0 ? null : Pick(random, Texts), Status = Pick(random, Enum.GetValues<PlanStatus>()),
        Decision = random.Next(2) == 0 ? null : new Decision { Date = new DateOnly(random.Next(2017, 2030), random.Next(1, 13), random.Next(1, 29)), Paragraph = Pick(random, Texts), CaseNumber = Pick(random, Texts) },
        Scale = Pick(random, Scales),
        ActivitiesRequiredFor = Enum.GetValues<HandlingMethod>().Where(_ => random.Next(2) == 0).ToList(),
        Round1 = RandomStatus(random), Round2 = RandomStatus(random),
        Revisions = random.Next(3) != 0 ? [] :
        [
            new SummaryRevision
            {
                Number = 1, Reason = Pick(random, Texts), State = RiskRegister.Api.Features.Revisions.RevisionState.Adopted, OpenedAt = "2026-02-01T10:00:00.000Z",
                Decision = new Decision { Date = new DateOnly(2026, 3, 1), Paragraph = "§ 3", CaseNumber = "X" },
                Changes = [new SummaryRevisionChange { RiskId = 4, Change = RiskRegister.Api.Features.Revisions.RevisionChangeKind.Changed, From = RandomValue(random), To = RandomValue(random) }],
            },
        ],
    };

    private static RiskRegister.Api.Features.Reports.FollowUpStatus.RoundStatus? RandomStatus(Random random) => random.Next(3) == 0 ? null : new()
    {
        Done = random.Next(0, 50), Total = random.Next(0, 50), Due = new DateOnly(random.Next(2017, 2030), random.Next(1, 13), random.Next(1, 29)),
        RecordedAt = random.Next(2) == 0 ? null : "2026-02-01T10:00:00.000Z", Late = random.Next(2) == 0, Overdue = random.Next(2) == 0,
        Reported = random.Next(2) == 0 ? null : new() { Date = new DateOnly(2026, 3, 1), Paragraph = Pick(random, Texts), CaseNumber = Pick(random, Texts), Complete = random.Next(2) == 0 },
        Controls = new() { Done = random.Next(0, 5), Total = random.Next(0, 5) },
    };

    private static Response RandomSummary(Random random) => new()
    {
        Plan = RandomPlan(random),
        Risks = Enumerable.Range(0, random.Next(4)).Select(n => new RiskView
        {
            Id = n, PlanId = 1, Title = Pick(random, Texts), Description = Pick(random, Texts), Motivation = random.Next(2) == 0 ? null : Pick(random, Texts),
            Activities = [new ActivityView { Id = n, RiskId = n, Description = Pick(random, Texts), Measure = "", Due = new DateOnly(2026, 3, 1) }],
        }).ToList(),
        CountsByLevel = new LevelCounts(random.Next(100), random.Next(100), random.Next(100)),
        CountsByMethod = new MethodCounts(random.Next(100), random.Next(100), random.Next(100), random.Next(100)),
        Matrix = Enumerable.Range(0, random.Next(26)).Select(_ => new MatrixCell(random.Next(1, 6), random.Next(1, 6), random.Next(1, 26), Pick(random, Enum.GetValues<RiskLevel>()), random.Next(20))).ToList(),
        LowerRisks = Enumerable.Range(0, random.Next(4)).Select(_ => new LowerRisk
        {
            Id = random.NextInt64(1, long.MaxValue), Title = Pick(random, Texts), Probability = random.Next(1, 6), Consequence = random.Next(1, 6),
            Score = random.Next(1, 26), Level = Pick(random, Enum.GetValues<RiskLevel>()), Motivation = random.Next(2) == 0 ? null : Pick(random, Texts),
        }).ToList(),
        FollowUps = new FollowUpProgress { Round1 = RandomRound(random), Round2 = RandomRound(random), ControlsRound1 = RandomRound(random), ControlsRound2 = RandomRound(random) },
        Changes = Enumerable.Range(0, random.Next(4)).Select(_ => new RiskRegister.Api.Features.Reports.Summary.ValueChange
        {
            RiskId = random.NextInt64(1, long.MaxValue), Title = Pick(random, Texts), From = RandomValue(random), To = RandomValue(random),
            Trend = Pick(random, Enum.GetValues<Trend>()),
            Steps = Enumerable.Range(0, random.Next(3)).Select(s => new RiskRegister.Api.Features.Reports.Summary.ValueStep
            {
                Stage = s == 0 ? "round1" : "round2", From = RandomValue(random), To = RandomValue(random), Trend = Pick(random, Enum.GetValues<Trend>()),
            }).ToList(),
        }).ToList(),
        ByGoal = random.Next(2) == 0 ? [] : [new GoalGroup { GoalId = 1, UnitId = 2, Title = Pick(random, Texts), RiskIds = [1, 2], ControlIds = [3] }],
        GeneratedAt = "2026-12-05T10:00:00.000Z",
    };

    [Fact]
    public void Writes_the_serializers_bytes_for_random_figures_and_for_a_summary_of_defaults()
    {
        var random = new Random(28);
        for (var n = 0; n < 1000; n++)
        {
            var summary = RandomSummary(random);
            ByHand(summary).ShouldBe(Serialized(summary), $"summary {n}");
        }
        ByHand(new Response()).ShouldBe(Serialized(new Response()));
    }

    [Fact]
    public async Task On_SQLite_the_plan_is_read_through_the_connections_kept_batch_not_a_command()
    {
        var db = api.Services.GetRequiredService<Db>();
        var adoption = api.Services.GetRequiredService<AdoptionPolicy>();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        if (connection is not PooledConnection sqlite) return;   // PostgreSQL: one command, one round trip
        var id = await connection.QuerySingleAsync<long>("SELECT MIN(p.id) FROM plans p WHERE EXISTS (SELECT 1 FROM risks r WHERE r.plan_id = p.id)");
        var units = new List<SummaryReads.UnitRow>();
        var cached = sqlite.CachedStatementCount;
        var plan = await PlanView.LoadAsync(connection, null, id, adoption, Disclosure.Full, null, CancellationToken.None, SummaryReads.WithPlan(units));
        plan!.Risks.Count.ShouldBeGreaterThan(0);
        units.ShouldNotBeEmpty();
        sqlite.CachedStatementCount.ShouldBe(cached);
        // The plan's row, the risks' six statements, the controls' three, the units up from the plan's.
        sqlite.RawStatements(SummaryReads.PlanAndUnitsSql).Length.ShouldBe(12);
    }
}
