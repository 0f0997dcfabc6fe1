using System.Collections.Concurrent;
using System.Security.Claims;

namespace RiskRegister.Api.Auth;

/// <summary>
/// The clients behind recently used API keys, by key hash, so a request does not cost a database query just to
/// learn who sent it (measured with <c>make bench</c>: see bench/README.md). Whatever changes a client — revoking it,
/// changing its units — must call <see cref="Invalidate"/> after its transaction commits. Entries also expire after
/// <see cref="Lifetime"/>, a backstop for a change made outside the service (e.g. by hand in the database).
/// Only known keys are kept, so random keys cannot fill the cache. Each entry keeps the caller's principal too (built once
/// when the key is remembered, with its <see cref="Caller"/>): building the claims for every request cost as much as the
/// rest of the key check. A principal is never changed once built, so requests share it.
/// With several instances on PostgreSQL, a change made through another instance reaches this one as a notification
/// (<see cref="ClientChangeListener"/>); while that listener is not listening, the cache is suspended and every request
/// reads the database, so a key revoked elsewhere is never served from here.
/// </summary>
public sealed class ApiKeyCache(TimeProvider time, Db db)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> ByHash => _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    // One SQLite file has one service instance; PostgreSQL's cache waits for its listener.
    private volatile bool _trusted = db.Provider == DatabaseProvider.Sqlite;

    /// <summary>Whether entries are served (false while another instance's changes could go unheard).</summary>
    public bool Trusted => _trusted;

    public sealed record Client(long Id, string Name, string Role, IReadOnlyList<long> UnitIds);

    private sealed record Entry(Client Client, ClaimsPrincipal Principal, DateTimeOffset Expires);

    public bool TryGet(string keyHash, out Client client)
    {
        if (_trusted && _entries.TryGetValue(keyHash, out var entry) && entry.Expires > time.GetUtcNow())
        {
            client = entry.Client;
            return true;
        }
        client = null!;
        return false;
    }

    /// <summary>The principal of a remembered key, by its hash (<see cref="ApiKeys.Hash(ReadOnlySpan{char}, Span{char})"/>).</summary>
    public bool TryGetPrincipal(ReadOnlySpan<char> keyHash, out ClaimsPrincipal principal)
    {
        if (_trusted && ByHash.TryGetValue(keyHash, out var entry) && entry.Expires > time.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }
        principal = null!;
        return false;
    }

    /// <summary>Remembers a key's client (while entries are served) and answers its principal.</summary>
    public ClaimsPrincipal Remember(string keyHash, Client client)
    {
        var principal = ApiKeyAuthentication.PrincipalOf(client);
        if (_trusted) _entries[keyHash] = new Entry(client, principal, time.GetUtcNow() + Lifetime);
        return principal;
    }

    /// <summary>Forgets every key: the next request of each client reads the database again.</summary>
    public void Invalidate() => _entries.Clear();

    /// <summary>Stops serving entries (the listener lost its connection): until <see cref="Resume"/>, every key is read from the database.</summary>
    public void Suspend()
    {
        _trusted = false;
        _entries.Clear();
    }

    /// <summary>Serves entries again, starting empty: whatever changed while suspended is read afresh.</summary>
    public void Resume()
    {
        _entries.Clear();
        _trusted = true;
    }
}
