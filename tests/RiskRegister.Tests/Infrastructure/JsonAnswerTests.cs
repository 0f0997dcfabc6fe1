using Microsoft.AspNetCore.Http;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// A risk, and a history page read in one query, are left in the response's pipe for the server to send with the
/// answer's end (one write), not flushed before it: nothing reaches the connection until the response completes, and
/// then the serializer's bytes.
/// </summary>
[Trait("Database", "SQLite")]
public sealed class JsonAnswerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static (DefaultHttpContext Context, MemoryStream Connection) Answer()
    {
        var connection = new MemoryStream();   // what reached the connection
        var context = new DefaultHttpContext();
        context.Response.Body = connection;
        return (context, connection);
    }

    [Fact]
    public async Task A_json_answer_is_left_for_the_end_and_is_the_serializers_bytes()
    {
        var (context, connection) = Answer();
        var value = new { Title = "Brist i \"attest\" åäö 😀", Probability = 3, Note = (string?)null };
        JsonAnswer.Ok(context, value);
        connection.Length.ShouldBe(0);
        context.Response.StatusCode.ShouldBe(200);
        context.Response.ContentType.ShouldBe("application/json; charset=utf-8");
        await context.Response.BodyWriter.CompleteAsync();
        connection.ToArray().ShouldBe(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options));
    }

    [Fact]
    public async Task A_whole_page_is_left_for_the_end_and_a_streamed_one_is_flushed_after_each_read()
    {
        foreach (var whole in new[] { true, false })
        {
            var (context, connection) = Answer();
            var page = new StreamedPage(context.Response, whole);
            using var db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(_directory, $"page-{whole}.db") });
            await page.ReadAsync(db, _ => { page.WriteItem(new { Id = 1 }); return Task.FromResult(1); }, CancellationToken.None);
            var flushed = connection.Length;
            (flushed > 0).ShouldBe(!whole);
            await page.EndAsync(json => json.WriteNull("nextCursor"), CancellationToken.None);
            connection.Length.ShouldBe(flushed);   // the end goes with the response's end
            await context.Response.BodyWriter.CompleteAsync();
            System.Text.Encoding.UTF8.GetString(connection.ToArray()).ShouldBe("""{"items":[{"id":1}],"nextCursor":null}""");
        }
    }
}
