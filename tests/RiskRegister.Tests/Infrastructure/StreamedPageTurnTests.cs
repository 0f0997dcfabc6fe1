using Microsoft.AspNetCore.Http;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// A streamed page's read on a database across a socket (PostgreSQL's history pages) sends its query and waits for the
/// answer before it takes a turn, and reads its rows in the turn: a turn held through the round trip left the cores idle
/// while every other page waited behind two queries in flight.
/// </summary>
public sealed class StreamedPageTurnTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "riskregister-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDb _db;

    public StreamedPageTurnTests() => _db = new SqliteDb(new DatabaseSettings { Path = Path.Combine(_directory, "turns.db") });

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class Sent : IAsyncDisposable
    {
        public bool Disposed { get; private set; }
        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task The_query_is_sent_while_the_turns_are_held_and_its_rows_read_in_a_turn()
    {
        var page = new StreamedPage(new DefaultHttpContext().Response, whole: true);
        var sent = new Sent();
        var wasSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readWhileHeld = false;
        var held = true;
        Task<int> reading;
        using (await StreamedPage.HoldTurnsAsync())
        {
            reading = page.ReadAsync(_db, _ =>
            {
                wasSent.SetResult();
                return Task.FromResult(sent);
            }, (_, s) =>
            {
                readWhileHeld = held;
                s.ShouldBeSameAs(sent);
                return Task.FromResult(7);
            }, CancellationToken.None);
            await wasSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
            (await Task.WhenAny(reading, Task.Delay(300))).ShouldNotBe(reading);   // the rows wait for a turn
            held = false;
        }
        (await reading.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(7);
        readWhileHeld.ShouldBeFalse();
        sent.Disposed.ShouldBeTrue();
    }
}
