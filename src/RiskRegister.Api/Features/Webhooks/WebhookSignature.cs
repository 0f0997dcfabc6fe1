using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

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

    /// <summary>
    /// Signs one webhook's POSTs, one after another, with one HMAC keyed once and reset after each signature, not a new
    /// one keyed for every POST. Not for concurrent use: a webhook's POSTs go one at a time.
    /// </summary>
    public sealed class Signer(byte[] key) : IDisposable
    {
        private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        /// <summary>As <see cref="WebhookSignature.Sign(byte[], string, long, ReadOnlySpan{byte})"/>.</summary>
        public string Sign(string id, long timestamp, ReadOnlySpan<byte> body)
        {
            Span<byte> head = stackalloc byte[128];
            if (Utf8.TryWrite(head, CultureInfo.InvariantCulture, $"{id}.{timestamp}.", out var written)) _hmac.AppendData(head[..written]);
            else _hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.")));
            _hmac.AppendData(body);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.GetHashAndReset(mac);
            return "v1," + Convert.ToBase64String(mac);
        }

        public void Dispose() => _hmac.Dispose();
    }
}
