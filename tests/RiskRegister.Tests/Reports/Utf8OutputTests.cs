using System.Text;
using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Tests.Reports;

/// <summary>
/// The printed documents' text leaves through a pooled buffer (Utf8Output) instead of a StreamWriter: the bytes must be
/// UTF-8's own, also where the buffer fills in the middle of a surrogate pair or a write is larger than the buffer.
/// </summary>
public sealed class Utf8OutputTests
{
    [Theory]
    [InlineData(8 * 1024 - 1)]   // the pair's halves on either side of a full buffer
    [InlineData(8 * 1024)]
    [InlineData(3)]
    public void Writes_what_UTF8_encodes_wherever_the_buffer_fills(int before)
    {
        var pieces = new List<string> { new('a', before), "😀", "åäö & <", new('ö', 20_000), "\U0001F600end" };
        var expected = Encoding.UTF8.GetBytes(string.Concat(pieces));

        using var stream = new MemoryStream();
        using (var output = new Utf8Output(stream))
        {
            output.Write(pieces[0]);
            // the pair written one char at a time, then the rest as strings, spans and chars
            output.Write(pieces[1][0]);
            output.Write(pieces[1][1]);
            output.Write(pieces[2].AsSpan());
            output.Write(pieces[3].ToCharArray(), 0, pieces[3].Length);
            output.Write(pieces[4]);
        }

        stream.ToArray().ShouldBe(expected);
    }
}
