using System.Net;

namespace RiskRegister.Api.Features.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>.</summary>
public sealed class WebhookSettings : ISettings
{
    public static string Section => "Webhooks";

    /// <summary>
    /// Where webhooks may point: host names (<c>hooks.region.se</c>), wildcards (<c>*.region.se</c>) or address ranges
    /// (<c>10.20.0.0/16</c>), comma-separated or a list. Empty: no webhook can be created.
    /// </summary>
    public string AllowedHosts { get; set; } = "";

    /// <summary>How long a receiver has to answer 2xx.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The waits before each retry, comma-separated: <c>5s,30s,2m,10m,1h,6h,24h</c>; after the last, the delivery has failed.</summary>
    public string RetryDelays { get; set; } = "5s,30s,2m,10m,1h,6h,24h";

    /// <summary>How often the dispatcher looks for new events, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>
    /// How many days a delivered delivery stays listed under its webhook (0 to 36500); 0 keeps every delivery, also a
    /// deleted webhook's. The outbox otherwise grows by a row per event and webhook for as long as the register runs.
    /// A live webhook's pending and failed deliveries are kept: it fails at most one event per round of retries, and
    /// those are what an operator looks for. A deleted webhook's deliveries all go (they are no longer listed).
    /// </summary>
    public int KeepDeliveredDays { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        var delays = RetryDelays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var delay in delays)
        {
            string? problem = null;
            try { _ = ParseDelay(delay); }
            catch (InvalidOperationException e) { problem = e.Message; }
            if (problem is not null) yield return problem;
        }
        if (TimeoutSeconds <= 0) yield return $"Webhooks:TimeoutSeconds: {TimeoutSeconds} is not more than 0.";
        if (PollMilliseconds <= 0) yield return $"Webhooks:PollMilliseconds: {PollMilliseconds} is not more than 0.";
        // 999999 meant as "for ever" would make the sweep's date overflow at every poll; 0 is "for ever".
        if (KeepDeliveredDays is < 0 or > 36_500)
            yield return $"Webhooks:KeepDeliveredDays: {KeepDeliveredDays} is not a number of days from 0 (keep every delivery) to 36500.";
    }

    public IReadOnlyList<TimeSpan> Delays() => RetryDelays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(ParseDelay).ToList();

    private static TimeSpan ParseDelay(string text)
    {
        var unit = text[^1];
        if (!double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 0)
            throw new InvalidOperationException($"Webhooks:RetryDelays: \"{text}\" is not a delay such as 5s, 2m, 1h.");
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n),
            _ => throw new InvalidOperationException($"Webhooks:RetryDelays: \"{text}\" must end in s, m or h."),
        };
    }

    public WebhookHosts Hosts() => WebhookHosts.Parse(AllowedHosts);
}

/// <summary>
/// The hosts webhooks may reach. A URL's host must match a name or a wildcard, or be an address in a range. At
/// delivery the host is resolved and every address it connects to is checked again (<see cref="MayConnect"/>): a name
/// that resolves into loopback, link-local or a private network is refused unless a range allows that address, so a
/// name cannot be pointed at the service's own neighbourhood (DNS rebinding included: the checked address is the one used).
/// </summary>
public sealed class WebhookHosts(IReadOnlyList<string> names, IReadOnlyList<System.Net.IPNetwork> ranges)
{
    public bool IsEmpty => names.Count == 0 && ranges.Count == 0;

    public static WebhookHosts Parse(string list)
    {
        var names = new List<string>();
        var ranges = new List<System.Net.IPNetwork>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (System.Net.IPNetwork.TryParse(item, out var range)) ranges.Add(range);
            else if (IPAddress.TryParse(item, out var address)) ranges.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else names.Add(item.ToLowerInvariant());
        }
        return new(names, ranges);
    }

    /// <summary>Whether a URL's host may be named in a webhook.</summary>
    public bool Allows(string host)
    {
        host = host.ToLowerInvariant().Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return InRange(address);
        return names.Any(n => n.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(n[1..], StringComparison.Ordinal) && host.Length > n.Length - 1 : host == n);
    }

    /// <summary>Whether a delivery may connect to this resolved address.</summary>
    public bool MayConnect(IPAddress address) => InRange(address) || !IsInternal(address);

    private bool InRange(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return ranges.Any(r => r.Contains(address));
    }

    private static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal) return true;
        var b = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && (b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168)
                   || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] < 128));
    }
}
