using System.Collections.Concurrent;
using System.Text.Json;
using RiskRegister.Api.Features.Events;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>
/// The bodies of the events lately POSTed, shared by the webhooks' delivery tasks, so an event going to ten webhooks is
/// parsed and serialized once, not ten times. Each task still reads its batch itself: whether an event's risk is secret,
/// and its unit, are decided when read, and a body is reused only for a row read with the same answers (the rest of an
/// event is its history entry, which never changes). The newest <see cref="Capacity"/> events are kept, and no more than
/// <see cref="MaxBytes"/> of bodies (an event of a risk with long texts can be tens of KB): a webhook far behind the
/// others, or a body that would pass the bound, builds its own.
/// </summary>
internal sealed class EventBodies
{
    internal const int Capacity = 4096;
    internal const long MaxBytes = 16 * 1024 * 1024;

    private sealed record Body(long Secret, long? UnitId, byte[] Json);

    private readonly ConcurrentDictionary<long, Body> _bodies = new();
    private long _newest;
    private long _bytes;
    private int _added;

    /// <summary>
    /// The body kept for event <paramref name="id"/> when it was built for the same secrecy and unit; null when there is
    /// none, and the event's row must be read to build it. A webhook's batch reads only these three of each event first.
    /// </summary>
    public byte[]? Kept(long id, long secret, long? unitId) =>
        _bodies.TryGetValue(id, out var kept) && kept.Secret == secret && kept.UnitId == unitId ? kept.Json : null;

    /// <summary>The event of <paramref name="row"/> as a receiver gets it (redacted as a system client), in UTF-8.</summary>
    public byte[] Of(EventReader.Row row)
    {
        if (_bodies.TryGetValue(row.Id, out var kept) && kept.Secret == row.Secret && kept.UnitId == row.UnitId) return kept.Json;
        var json = JsonSerializer.SerializeToUtf8Bytes(row.ToEvent(Disclosure.Redacted)!, ApiJson.Options);
        if (Interlocked.Add(ref _bytes, json.Length) > MaxBytes)
        {
            Interlocked.Add(ref _bytes, -json.Length);
            return json;
        }
        var body = new Body(row.Secret, row.UnitId, json);
        _bodies.AddOrUpdate(row.Id, body, (_, replaced) =>
        {
            Interlocked.Add(ref _bytes, -replaced.Json.Length);
            return body;
        });
        for (var newest = Volatile.Read(ref _newest); row.Id > newest; newest = Volatile.Read(ref _newest))
            if (Interlocked.CompareExchange(ref _newest, row.Id, newest) == newest) break;
        // Now and then, not at every add: the older ones out (enumerating takes no lock).
        if (Interlocked.Increment(ref _added) % (Capacity / 4) == 0)
        {
            var oldest = Volatile.Read(ref _newest) - Capacity;
            foreach (var (id, _) in _bodies)
                if (id <= oldest && _bodies.TryRemove(id, out var removed)) Interlocked.Add(ref _bytes, -removed.Json.Length);
        }
        return json;
    }

    private static ReadOnlySpan<byte> BatchStart => "{\"events\":["u8;
    private static ReadOnlySpan<byte> BatchEnd => "]}"u8;

    /// <summary>
    /// A batch, <c>{"events":[…]}</c>, of the events of <paramref name="rows"/> in their order, each exactly as
    /// <see cref="Of(EventReader.Row)"/> (and so as it is POSTed alone).
    /// </summary>
    public byte[] Of(IEnumerable<EventReader.Row> rows) => Join(rows.Select(Of).ToList());

    /// <summary>A batch, <c>{"events":[…]}</c>, of event bodies as <see cref="Of(EventReader.Row)"/> gives them, in their order.</summary>
    public static byte[] Join(IReadOnlyList<byte[]> events)
    {
        var batch = new byte[BatchStart.Length + events.Sum(e => e.Length) + Math.Max(events.Count - 1, 0) + BatchEnd.Length];
        var at = batch.AsSpan();
        BatchStart.CopyTo(at);
        at = at[BatchStart.Length..];
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                at[0] = (byte)',';
                at = at[1..];
            }
            events[i].CopyTo(at);
            at = at[events[i].Length..];
        }
        BatchEnd.CopyTo(at);
        return batch;
    }

    /// <summary>How many bodies are kept (tests).</summary>
    internal int Count => _bodies.Count;

    /// <summary>How many bytes of bodies are kept (tests).</summary>
    internal long Bytes => Interlocked.Read(ref _bytes);
}
