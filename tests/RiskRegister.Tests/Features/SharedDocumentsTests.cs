using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Issue 22: identical reads at the same moment share one build (SharedDocuments), so a storm of one large plan builds it
/// once instead of once a client; different keys, answers no longer held, and answers past their max age are built anew.
/// </summary>
public sealed class SharedDocumentsTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly DocumentGate gate = new(Options.Create(new ReportSettings()));
    private SharedDocuments Shared() => new(gate, clock);

    private sealed class Stamp(string text) { public string Text { get; } = text; }

    /// <summary>A build that writes <paramref name="text"/> once <paramref name="release"/> completes, counting its runs.</summary>
    private static Func<Stream, Task<Stamp?>> Writes(string text, Task release, Action? started = null) => async buffer =>
    {
        started?.Invoke();
        await release;
        await buffer.WriteAsync(Encoding.UTF8.GetBytes(text));
        return new Stamp(text);
    };

    private static string Read(SharedDocuments.Answer<Stamp> answer) => new StreamReader(answer.OpenBody()).ReadToEnd();

    [Fact]
    public async Task Readers_arriving_while_a_build_runs_share_it_and_each_reads_the_whole_answer()
    {
        var shared = Shared();
        var release = new TaskCompletionSource();
        var first = shared.BuildAsync("plan 1 v3", Writes("{\"id\":1}", release.Task), CancellationToken.None);
        var second = shared.BuildAsync("plan 1 v3", Writes("other", Task.CompletedTask), CancellationToken.None);
        release.SetResult();
        await using var a = (await first)!;
        await using var b = (await second)!;
        shared.Builds.ShouldBe(1);
        Read(a).ShouldBe("{\"id\":1}");
        Read(b).ShouldBe("{\"id\":1}");   // its own stream: the first reader's position does not move it
        b.Stamp.Text.ShouldBe("{\"id\":1}");
        // The shared answer is counted once in the gate's bytes while it is held.
        gate.BytesInFlight.ShouldBe(8);
    }

    [Fact]
    public async Task A_held_answer_is_joined_within_its_max_age_and_built_again_after()
    {
        var shared = Shared();
        await using var held = (await shared.BuildAsync("k", Writes("one", Task.CompletedTask), CancellationToken.None))!;
        clock.Advance(SharedDocuments.MaxAge - TimeSpan.FromMilliseconds(100));
        await using (var joined = (await shared.BuildAsync("k", Writes("two", Task.CompletedTask), CancellationToken.None))!)
            Read(joined).ShouldBe("one");
        clock.Advance(TimeSpan.FromMilliseconds(200));   // past the max age
        await using (var fresh = (await shared.BuildAsync("k", Writes("three", Task.CompletedTask), CancellationToken.None))!)
            Read(fresh).ShouldBe("three");
        shared.Builds.ShouldBe(2);
        Read(held).ShouldBe("one");   // the old answer stays whole for the reader still holding it
    }

    [Fact]
    public async Task An_answer_no_reader_holds_is_given_back_and_the_next_read_builds_again()
    {
        var shared = Shared();
        await using (var first = await shared.BuildAsync("k", Writes("one", Task.CompletedTask), CancellationToken.None)) { }
        gate.BytesInFlight.ShouldBe(0);
        await using var second = (await shared.BuildAsync("k", Writes("two", Task.CompletedTask), CancellationToken.None))!;
        Read(second).ShouldBe("two");
        shared.Builds.ShouldBe(2);
    }

    [Fact]
    public async Task Different_keys_are_built_apart()
    {
        var shared = Shared();
        await using var a = (await shared.BuildAsync("plan 1 v3 full", Writes("full", Task.CompletedTask), CancellationToken.None))!;
        await using var b = (await shared.BuildAsync("plan 1 v3 redacted", Writes("redacted", Task.CompletedTask), CancellationToken.None))!;
        Read(a).ShouldBe("full");
        Read(b).ShouldBe("redacted");
    }

    [Fact]
    public async Task Nothing_to_build_is_null_for_every_reader_sharing_the_build()
    {
        var shared = Shared();
        var release = new TaskCompletionSource();
        Func<Stream, Task<Stamp?>> none = async _ => { await release.Task; return null; };
        var first = shared.BuildAsync("k", none, CancellationToken.None);
        var second = shared.BuildAsync("k", none, CancellationToken.None);
        release.SetResult();
        (await first).ShouldBeNull();
        (await second).ShouldBeNull();
        gate.BytesInFlight.ShouldBe(0);
    }

    [Fact]
    public async Task When_the_building_reader_goes_away_a_waiting_one_builds_for_itself()
    {
        var shared = Shared();
        using var gone = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        Func<Stream, Task<Stamp?>> slow = async buffer =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, gone.Token);
            return new Stamp("never");
        };
        var first = shared.BuildAsync("k", slow, gone.Token);
        await started.Task;
        var second = shared.BuildAsync("k", Writes("mine", Task.CompletedTask), CancellationToken.None);
        await gone.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(first);
        await using var answer = (await second)!;
        Read(answer).ShouldBe("mine");
        shared.Builds.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_build_fails_its_sharers_and_the_next_read_builds_again()
    {
        var shared = Shared();
        var release = new TaskCompletionSource();
        Func<Stream, Task<Stamp?>> fails = async _ => { await release.Task; throw new InvalidOperationException("broken"); };
        var first = shared.BuildAsync("k", fails, CancellationToken.None);
        var second = shared.BuildAsync("k", fails, CancellationToken.None);
        release.SetResult();
        await Should.ThrowAsync<InvalidOperationException>(first);
        await Should.ThrowAsync<InvalidOperationException>(second);
        await using var next = (await shared.BuildAsync("k", Writes("ok", Task.CompletedTask), CancellationToken.None))!;
        Read(next).ShouldBe("ok");
    }
}
