using System.Buffers;
using System.Text;
using Npgsql;
using RiskRegister.Api.Auth;
using RiskRegister.Api.Features.History;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// On PostgreSQL a history page is read as the UTF-8 Npgsql receives (HistoryPage.PostgresRead, Utf8HistoryRows) and
/// written from it: byte for byte what the rows read as strings write (HistoryRow.ReadAsync, HistoryTexts.ExpandAsync,
/// HistoryRow.WriteItem), with escapes, emoji, nulls, numbers as stored and rows referring to long texts; the plan's
/// header read first in the same batch decides as before.
/// </summary>
[Trait("Database", "PostgreSQL")]
public sealed class HistoryRowsPostgresTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Long = string.Concat(Enumerable.Repeat("Lång text \"citat\" \\ 😀 <b>&</b>\n", 60));

    private static Utf8JsonWriter Writer(IBufferWriter<byte> buffer) => new(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });

    /// <summary>A plan whose history holds, besides its creation, a row for each pair of the values below.</summary>
    private async Task<long> PlanWithRows()
    {
        var admin = api.Admin();
        var planId = await admin.CreatePlan(await admin.CreateAdministration($"Historikens bytes {Guid.NewGuid():N}"), 2026);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Long + planId)));
        var missing = new string('b', 64);
        await using var connection = (NpgsqlConnection)api.Database.Open();
        await connection.ExecuteAsync("INSERT INTO history_texts (hash, text) VALUES (@hash, @Long) ON CONFLICT (hash) DO NOTHING", new { hash, Long });
        string?[] values =
        [
            null, "{}", """{"title":"Brist i attestordningen","probability":3,"note":null,"ok":true,"no":false}""",
            """{"text":"rad 1\nrad 2\t\"citat\" \\ snedstreck","åäö":"Åsa Öberg","emoji":"😀","escaped":"\u00e5 \ud83d\ude00 \u0007 \u2028 <b>&amp;</b> +'"}""",
            """ { "spaced" : [ 1 , 2.50 , -0 , 1e5 ] , "name\u0020with\"escape" : { "a" : [ {} ] } } """,
            "{\"description\":{\"$text\":\"" + hash + "\"},\"motivation\":\"kort\"}",
            "{\"description\":{\"$text\":\"" + missing + "\"}}",
        ];
        var i = 0;
        foreach (var before in values)
            foreach (var after in values.Reverse())
            {
                i++;
                await connection.ExecuteAsync("""
                    INSERT INTO history (at, client_name, subject, issuer, entity, entity_id, action, plan_id, risk_id, before_json, after_json)
                    VALUES ('2026-12-05T10:00:00.000Z', @client, @subject, @issuer, 'risk', @i, 'changed', @planId, @risk, @before, @after)
                    """, new { i, client = i % 3 == 0 ? "Region \"Väst\" <system>\n😀" : "Admin", subject = i % 2 == 0 ? null : "sub|1",
                        issuer = i % 2 == 0 ? null : "https://idp.example/", planId, risk = i % 4 == 0 ? (long?)null : 9, before, after });
            }
        return planId;
    }

    [Fact]
    public async Task A_page_read_as_utf8_is_written_as_the_rows_read_as_strings()
    {
        var planId = await PlanWithRows();
        await using var connection = (NpgsqlConnection)api.Database.Open();
        var ids = (await connection.QueryAsync<long>("SELECT id FROM history WHERE plan_id = @planId ORDER BY id DESC", new { planId })).ToList();
        ids.Count.ShouldBe(50);   // the plan's creation and 49 pairs
        foreach (var (cursor, asked) in new (long?, long)[] { (null, 51), (null, 2000), (ids[10], 4), (ids[0] + 1, 51), (ids[^2], 5), (ids[^1], 3) })
        {
            var strings = await HistoryRow.ReadAsync(connection, HistoryPage.PageSql("plan_id"), planId, cursor, asked, None);
            await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, strings, None);
            var expected = new ArrayBufferWriter<byte>();
            using (var json = Writer(expected))
            {
                json.WriteStartArray();
                foreach (var row in strings) row.WriteItem(json);
                json.WriteEndArray();
            }

            var actual = new ArrayBufferWriter<byte>();
            await using (var sent = await HistoryPage.PostgresRead.SendAsync(connection, "plan_id", planId, withHeader: false, cursor, asked, None))
            using (var rows = (await sent.ReadAsync(null, None))!)
            using (var json = Writer(actual))
            {
                rows.Count.ShouldBe(strings.Count);
                json.WriteStartArray();
                await rows.WriteAsync(connection, () => json, rows.Count, None);
                json.WriteEndArray();
                if (rows.Count > 0) rows.IdAt(rows.Count - 1).ShouldBe(strings[^1].Id);
            }

            Encoding.UTF8.GetString(actual.WrittenSpan).ShouldBe(Encoding.UTF8.GetString(expected.WrittenSpan));
            actual.WrittenSpan.SequenceEqual(expected.WrittenSpan).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task The_plans_header_in_the_same_batch_decides_who_reads_the_page()
    {
        var planId = await PlanWithRows();
        var unitId = await api.Database.Open().ExecuteScalarAsync<long>("SELECT unit_id FROM plans WHERE id = @planId", new { planId });
        await using var connection = (NpgsqlConnection)api.Database.Open();
        async Task<int?> Read(Caller caller, long plan)
        {
            await using var sent = await HistoryPage.PostgresRead.SendAsync(connection, "plan_id", plan, withHeader: true, null, 51, None);
            using var rows = await sent.ReadAsync(caller, None);
            return rows?.Count;
        }

        (await Read(new Caller(1, "admin", Role.Admin, new HashSet<long>()), planId)).ShouldBe(50);
        (await Read(new Caller(2, "own", Role.Registrator, new HashSet<long> { unitId }), planId)).ShouldBe(50);
        (await Read(new Caller(3, "other", Role.Registrator, new HashSet<long> { unitId + 1 }), planId)).ShouldBeNull();
        (await Read(new Caller(1, "admin", Role.Admin, new HashSet<long>()), long.MaxValue)).ShouldBeNull();
        // The connection is left ready for the next command after a page left unread.
        (await connection.ExecuteScalarAsync<long>("SELECT 1")).ShouldBe(1);
    }
}
