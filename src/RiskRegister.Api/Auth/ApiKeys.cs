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
}
