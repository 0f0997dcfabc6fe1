using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Reports.Summary;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Benchmarks;

/// <summary>
/// Summary generation for a plan of 10, 50 and 200 risks (issue 28: the cost grows no faster than the risks), each with
/// an activity and both follow-ups:
/// building the figures and serialising JSON, rendering the HTML document, and the whole request's work
/// including the reads from a real SQLite file (header query + the risk reader's four statements). Both HTML benchmarks
/// time what the summary operation runs: <see cref="DocumentRenderer.WriteAsync{TDocument}"/> into a buffer, and
/// <see cref="SummaryDocument.BuildAsync"/> in its <see cref="DocumentGate"/> turn.
/// </summary>
[MemoryDiagnoser]
public class SummaryBenchmarks
{
    /// <summary>How many risks the plan has.</summary>
    [Params(10, 50, 200)]
    public int Risks { get; set; } = 200;
    private PlanView _plan = null!;
    private Response _summary = null!;
    private Db _db = null!;
    private long _planId;
    private string _path = "";
    // What the HtmlRenderer needs of a host: logging.
    private readonly IServiceProvider _services = new ServiceCollection().AddLogging()
        .AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All)).BuildServiceProvider();

    private readonly DocumentGate _gate = new(Options.Create(new ReportSettings()));
    private readonly MemoryStream _buffer = new();
    private readonly System.Buffers.ArrayBufferWriter<byte> _written = new();

    [GlobalSetup]
    public async Task Setup()
    {
        Dapper.SqlMapper.AddTypeHandler(new DateOnlyHandler());
        _path = Path.Combine(Path.GetTempPath(), $"riskregister-bench-{Guid.NewGuid():N}.db");
        _db = new SqliteDb(new DatabaseSettings { Path = _path });
        await new MigrationRunner(_db, Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        _planId = await Seed(_db);
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        _plan = (await PlanView.LoadAsync(connection, null, _planId, AdoptionPolicy.Default, Disclosure.Full, CancellationToken.None))!;
        if (_plan.Risks.Count != Risks) throw new InvalidOperationException("Seeding failed.");
        _summary = SummaryBuilder.Build(_plan, "Nämnden för operativ regiongemensam verksamhet", DateTimeOffset.UtcNow, Disclosure.Full);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    [Benchmark(Description = "Summary JSON: build figures + write")]
    public long SummaryJson()
    {
        // As the endpoint writes it (SummaryJson, by hand, into a reused buffer as the endpoint's pooled blocks).
        _written.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_written, RiskRegister.Api.Features.Reports.Summary.SummaryJson.WriterOptions))
            RiskRegister.Api.Features.Reports.Summary.SummaryJson.Write(json, SummaryBuilder.Build(_plan, "Nämnden", DateTimeOffset.UtcNow, Disclosure.Full));
        return _written.WrittenCount;
    }

    [Benchmark(Description = "Summary JSON end to end: SQLite reads + build + JSON")]
    public async Task<long> SummaryJsonFromDatabase()
    {
        await using var document = await SummaryDocument.BuildAsync(_gate, _db, AdoptionPolicy.Default, _services, _planId, Disclosure.Full, RiskRegister.Api.Features.Reports.DocumentFormat.Json,
            _ => true, DateTimeOffset.UtcNow, SummaryDocument.Rounds(new RiskRegister.Api.Features.FollowUps.FollowUpSettings(), TimeProvider.System), CancellationToken.None);
        return document!.Body.Length;
    }

    [Benchmark(Description = "Summary HTML: render document")]
    public async Task<long> SummaryHtmlRender()
    {
        _buffer.SetLength(0);
        await DocumentRenderer.WriteAsync<PlanDocument>(_services, new Dictionary<string, object?> { [nameof(PlanDocument.Summary)] = _summary }, _buffer);
        return _buffer.Length;
    }

    [Benchmark(Description = "Summary end to end: SQLite reads + build + HTML")]
    public async Task<long> SummaryFromDatabase()
    {
        await using var document = await SummaryDocument.BuildAsync(_gate, _db, AdoptionPolicy.Default, _services, _planId, Disclosure.Full, RiskRegister.Api.Features.Reports.DocumentFormat.Html,
            _ => true, DateTimeOffset.UtcNow, SummaryDocument.Rounds(new RiskRegister.Api.Features.FollowUps.FollowUpSettings(), TimeProvider.System), CancellationToken.None);
        return document!.Body.Length;
    }

    private async Task<long> Seed(Db db)
    {
        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        var (c, t) = write;
        const string now = "2023-03-01T09:00:00.000Z";
        var unit = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "INSERT INTO units (name, kind, created_at) VALUES ('Benchförvaltningen', 'administration', @now) RETURNING id", new { now }, t);
        var plan = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, """
            INSERT INTO plans (unit_id, year, status, scale, decision_date, decision_paragraph, decision_case_number, created_at, updated_at)
            VALUES (@unit, 2023, 'adopted', @scale, '2023-04-26', '§ 12', '2023-POL000381', @now, @now) RETURNING id
            """, new { unit, scale = PlanHeader.WriteScale(Scale.Default), now }, t);
        var methods = new[] { "none", "bevakning", "granskning", "atgard" };
        for (var i = 0; i < Risks; i++)
        {
            var p = i % 4 + 1;
            var q = i / 4 % 4 + 1;
            var risk = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, """
                INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, created_at, updated_at)
                VALUES (@plan, @title, @description, @p, @q, @method, @motivation, 'Verksamhet', 'Förvaltningschef', @now, @now) RETURNING id
                """, new
                {
                    plan, title = $"Risk {i}: störning i leveransen <{i}> & följder", p, q, method = methods[i % 4], now,
                    description = "En beskrivning av risken utifrån nämndens uppdrag, med några meningar text som i en verklig plan. " + new string('x', 80),
                    motivation = "Motivering till vald hanteringsmetod som beskriver varför metoden räcker för risken.",
                }, t);
            await Dapper.SqlMapper.ExecuteAsync(c, """
                INSERT INTO activities (risk_id, description, measure, due, responsible, status, created_at, updated_at)
                VALUES (@risk, 'Granska rutinen', 'Rutin fastställd', '2023-11-30', 'Enhetschef', 'inProgress', @now, @now)
                """, new { risk, now }, t);
            await Dapper.SqlMapper.ExecuteAsync(c, """
                INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
                VALUES (@risk, 'inProgress', 'Iakttagelser under året.', 'Händelser som påverkat risken.', @p, @q, @now)
                """, new { risk, p = Math.Min(4, p + i % 2), q, now }, t);
            await Dapper.SqlMapper.ExecuteAsync(c, """
                INSERT INTO follow_ups_2 (risk_id, result, improvement_areas, final_motivation, probability, consequence, recorded_at)
                VALUES (@risk, 'Resultat av hanteringen.', 'Förbättringsområden.', 'Motivering till slutligt riskvärde.', @p, @q, @now)
                """, new { risk, p = Math.Min(4, p + i % 2), q, now }, t);
        }
        await write.CommitWithoutHistoryAsync("the benchmark's seed: timed reads need no history", CancellationToken.None);
        return plan;
    }
}
