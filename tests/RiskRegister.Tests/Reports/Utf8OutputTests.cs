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

    // Into the document's pooled blocks (DocumentGate's buffer) the text is transcoded straight into each block: the bytes
    // must be the same where a block ends inside a character of two, three or four bytes, or inside a surrogate pair
    // written a half at a time, and a lone half must come out as U+FFFD, as UTF8Encoding writes it.
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1024)]
    public void Writes_what_UTF8_encodes_into_pooled_blocks_wherever_a_block_ends(int blockSize)
    {
        var pieces = new List<string> { "ab", "😀", "åäö & <", new('ö', 3_000), "\U0001F600end", "\uD83D", "x", "\uDE00", "€", "\uD83D" };
        var expected = new UTF8Encoding(false).GetBytes(string.Concat(pieces));
        var manager = new Microsoft.IO.RecyclableMemoryStreamManager(new Microsoft.IO.RecyclableMemoryStreamManager.Options { BlockSize = blockSize });

        for (var shift = 0; shift < 4; shift++)
        {
            using var stream = manager.GetStream();
            using (var output = new Utf8Output(stream))
            {
                output.Write(new string('a', shift));
                output.Write(pieces[0]);
                output.Write(pieces[1][0]);
                output.Write(pieces[1][1]);
                output.Write(pieces[2].AsSpan());
                output.Write(pieces[3].ToCharArray(), 0, pieces[3].Length);
                foreach (var piece in pieces.Skip(4)) output.Write(piece);
            }
            stream.ToArray().ShouldBe([.. Encoding.ASCII.GetBytes(new string('a', shift)), .. expected]);
        }
    }
}
