using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>The Standard Webhooks signature: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the secret's bytes.</summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret's bytes, the key of its signatures: read once per webhook, not once per POST.</summary>
    public static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public static string Sign(string secret, string id, long timestamp, string body) => Sign(Key(secret), id, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>As the other overload, over a body already in UTF-8 (as it is sent), without copying it into a string.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.");
        var length = Encoding.UTF8.GetByteCount(head) + body.Length;
        var signed = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(head, signed);
            body.CopyTo(signed.AsSpan(written));
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, signed.AsSpan(0, length), mac);
            return "v1," + Convert.ToBase64String(mac);
        }
        finally { ArrayPool<byte>.Shared.Return(signed); }
    }
}
