using System.Security.Cryptography;
using System.Text;

namespace RiskRegister.Api.Auth;

public static class ApiKeys
{
    /// <summary>A new key: 256 random bits, URL-safe, prefixed so it is recognisable in a secrets scanner.</summary>
    public static string Generate() =>
        "rr_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// SHA-256 of the key, hex. Keys are long random values, not passwords, so a fast hash is enough:
    /// there is nothing to guess that a slow hash would protect.
    /// </summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Characters of <see cref="Hash(string)"/>'s answer.</summary>
    public const int HashLength = 64;

    /// <summary>
    /// <see cref="Hash(string)"/> into <paramref name="hex"/> (<see cref="HashLength"/> characters), without allocating:
    /// every request with a key hashes it to find its client.
    /// </summary>
    public static void Hash(ReadOnlySpan<char> key, Span<char> hex)
    {
        Span<byte> digest = stackalloc byte[32];
        var most = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var utf8 = most <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(most));
        try { SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], digest); }
        finally { if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented); }
        Convert.TryToHexStringLower(digest, hex, out _);
    }
}
