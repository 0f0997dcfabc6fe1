using System.Buffers;
using System.Text;
using RiskRegister.Api.Features.History;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Features;

/// <summary>A history page's entries are written by hand (HistoryRow.WriteItem): byte for byte what the API's serializer writes of the item.</summary>
public sealed class HistoryItemWritingTests
{
    private static string Serialized(HistoryRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
            JsonSerializer.Serialize(json, row.ToItem(), ApiJson.Options);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Written(HistoryRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
            row.WriteItem(json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // "none": no values (a creation's before, a deletion's after).
    public static TheoryData<string> Values() => new()
    {
        "none",
        "{}",
        """{"title":"Brist i attestordningen","probability":3,"consequence":4,"controlled":true,"closed":false,"note":null}""",
        """{"text":"rad 1\nrad 2\t\"citat\" \\ snedstreck","åäö":"Åsa Öberg","emoji":"😀","escaped":"\u00e5\u00e4\u00f6 \ud83d\ude00 \u0007 \u2028 <b>&amp;</b> +'"}""",
        """{"numbers":[0,-0,1.50,1e5,-2.5E-3,12345678901234567890],"nested":{"a":[{"b":[]},{}],"c":{"d":{"e":"f"}}},"empty":[]}""",
        """ { "spaced" : [ 1 , 2 ] , "name\u0020with\"escape" : "v" } """,
        """{"same":1,"same":2}""",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void An_entry_is_written_as_the_serializer_writes_its_item(string stored)
    {
        var values = stored == "none" ? null : stored;
        var row = new HistoryRow
        {
            Id = 42, At = "2026-12-05T09:30:00.000Z", ClientName = "Region \"Väst\" <system>\n", Subject = values is null ? null : "sub|1",
            Issuer = values is null ? null : "https://idp.example/", Entity = "risk", EntityId = 7, Action = "changed",
            PlanId = values is null ? null : 3, RiskId = values is null ? 9 : null, BeforeJson = values, AfterJson = values is null ? "{\"x\":1}" : values,
        };
        Written(row).ShouldBe(Serialized(row));
    }

    [Fact]
    public void Random_values_are_written_as_the_serializer_writes_them()
    {
        var random = new Random(28);
        const string alphabet = "aåäöZ \"\\/\n\t\u0001\u007f<>&'+😀€\u2028";
        string Text() => new(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).Where(c => !char.IsSurrogate(c)).ToArray());
        object? Value(int depth) => random.Next(depth > 2 ? 5 : 7) switch
        {
            0 => null,
            1 => random.Next(2) == 0,
            2 => random.Next(-1000, 1000) / (random.Next(2) == 0 ? 1.0 : 7.0),
            3 or 4 => Text(),
            5 => Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth + 1)).ToList(),
            _ => Enumerable.Range(0, random.Next(4)).ToDictionary(i => Text() + i, _ => Value(depth + 1)),
        };
        for (var i = 0; i < 300; i++)
        {
            var values = Enumerable.Range(0, random.Next(6)).ToDictionary(n => Text() + n, _ => Value(0));
            // Stored as the history log writes it, and once with every non-ASCII character escaped (older rows).
            var stored = random.Next(2) == 0 ? JsonSerializer.Serialize(values, ApiJson.Options) : JsonSerializer.Serialize(values);
            var row = new HistoryRow { Id = i, At = Text(), ClientName = Text(), Entity = "plan", EntityId = i, Action = Text(), BeforeJson = stored, AfterJson = stored };
            Written(row).ShouldBe(Serialized(row));
        }
    }
}
