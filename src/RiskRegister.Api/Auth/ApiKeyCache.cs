using System.Collections.Concurrent;

namespace RiskRegister.Api.Auth;

/// <summary>
/// The clients behind recently used API keys, by key hash, so a request does not cost a database query just to
/// learn who sent it (measured with <c>make bench</c>: see bench/README.md). Whatever changes a client — revoking it,
/// changing its units — must call <see cref="Invalidate"/> after its transaction commits. Entries also expire after
/// <see cref="Lifetime"/>, a backstop for a change made outside the service (e.g. by hand in the database).
/// Only known keys are kept, so random keys cannot fill the cache.
/// </summary>
public sealed class ApiKeyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public sealed record Client(long Id, string Name, string Role, IReadOnlyList<long> UnitIds);

    private sealed record Entry(Client Client, DateTimeOffset Expires);

    public bool TryGet(string keyHash, out Client client)
    {
        if (_entries.TryGetValue(keyHash, out var entry) && entry.Expires > time.GetUtcNow())
        {
            client = entry.Client;
            return true;
        }
        client = null!;
        return false;
    }

    public void Remember(string keyHash, Client client) =>
        _entries[keyHash] = new Entry(client, time.GetUtcNow() + Lifetime);

    /// <summary>Forgets every key: the next request of each client reads the database again.</summary>
    public void Invalidate() => _entries.Clear();
}
