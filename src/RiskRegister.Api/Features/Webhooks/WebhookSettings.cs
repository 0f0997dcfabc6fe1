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

    /// <summary>
    /// The ports a webhook's URL may name, comma-separated or a list; ranges written <c>8000-8099</c>. An entry of
    /// <see cref="AllowedHosts"/> written <c>host:port</c> (<c>127.0.0.1:9000</c>, <c>[::1]:9000</c>) allows its port too.
    /// </summary>
    public string AllowedPorts { get; set; } = "80,443";

    /// <summary>How long a receiver has to answer 2xx.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The waits before each retry, comma-separated: <c>5s,30s,2m,10m,1h,6h,24h</c>; after the last, the delivery has failed.</summary>
    public string RetryDelays { get; set; } = "5s,30s,2m,10m,1h,6h,24h";

    /// <summary>How often the dispatcher looks for new events, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>
    /// How many of a webhook's events one round of delivery takes (1 to 1000): they are POSTed one after another, in
    /// order, and their outcomes written in one write. More per round, fewer writes; fewer, less sent twice after a crash.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How many webhooks are delivered to at once (1 to 256); the others wait for a turn.</summary>
    public int ConcurrentDeliveries { get; set; } = 8;

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
        foreach (var port in AllowedPorts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (WebhookHosts.ParsePorts(port) is null)
                yield return $"Webhooks:AllowedPorts: \"{port}\" is not a port (1 to 65535) or a range of ports such as 8000-8099.";
        if (TimeoutSeconds <= 0) yield return $"Webhooks:TimeoutSeconds: {TimeoutSeconds} is not more than 0.";
        if (PollMilliseconds <= 0) yield return $"Webhooks:PollMilliseconds: {PollMilliseconds} is not more than 0.";
        if (BatchSize is < 1 or > 1000) yield return $"Webhooks:BatchSize: {BatchSize} is not a number of events from 1 to 1000.";
        if (ConcurrentDeliveries is < 1 or > 256) yield return $"Webhooks:ConcurrentDeliveries: {ConcurrentDeliveries} is not a number of webhooks from 1 to 256.";
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

    public WebhookHosts Hosts() => WebhookHosts.Parse(AllowedHosts, AllowedPorts);
}

/// <summary>
/// The hosts webhooks may reach. A URL's host must match a name or a wildcard, or be an address in a range; its port
/// must be one of <c>Webhooks:AllowedPorts</c> or the port of an entry written <c>host:port</c> that matches it. At
/// delivery the host is resolved and every address it connects to is checked again (<see cref="MayConnect"/>): a name
/// that resolves into loopback, link-local, a private network or one of this host's own interface addresses is refused
/// unless a range allows that address, so a name cannot be pointed at the service's own neighbourhood (DNS rebinding
/// included: the checked address is the one used).
/// </summary>
public sealed class WebhookHosts
{
    private readonly List<(string Name, int? Port)> names = [];
    private readonly List<(System.Net.IPNetwork Range, int? Port)> ranges = [];
    private readonly List<(int From, int To)> ports = [];
    private readonly Func<IReadOnlySet<IPAddress>> ownAddresses;

    private WebhookHosts(Func<IReadOnlySet<IPAddress>>? ownAddresses) => this.ownAddresses = ownAddresses ?? OwnAddresses.Current;

    public bool IsEmpty => names.Count == 0 && ranges.Count == 0;

    /// <param name="list">Names, <c>*.domain</c> wildcards, addresses and CIDR ranges, each optionally <c>:port</c>.</param>
    /// <param name="allowedPorts">Ports and ranges of ports any allowed host may be reached on.</param>
    /// <param name="ownAddresses">This host's interface addresses (tests give their own).</param>
    public static WebhookHosts Parse(string list, string allowedPorts = "80,443", Func<IReadOnlySet<IPAddress>>? ownAddresses = null)
    {
        var hosts = new WebhookHosts(ownAddresses);
        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (item, port) = SplitPort(entry);
            if (System.Net.IPNetwork.TryParse(item, out var range)) hosts.ranges.Add((range, port));
            else if (IPAddress.TryParse(item, out var address)) hosts.ranges.Add((new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), port));
            else hosts.names.Add((item.ToLowerInvariant(), port));
        }
        foreach (var item in allowedPorts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (ParsePorts(item) is { } span) hosts.ports.Add(span);
        return hosts;
    }

    /// <summary><c>8080</c> or <c>8000-8099</c>; null when it is neither.</summary>
    public static (int From, int To)? ParsePorts(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2) return null;
        int? Port(string p) => p.Length is > 0 and <= 5 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535 and var n ? n : null;
        var from = Port(parts[0]);
        var to = parts.Length == 2 ? Port(parts[1]) : from;
        return from is null || to is null || to < from ? null : (from.Value, to.Value);
    }

    // "host:port", "1.2.3.4:port", "10.0.0.0/8:port", "[::1]:port", "[fd00::/8]:port"; a bare IPv6 address keeps its colons.
    private static (string Item, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return (entry, null);
            var rest = entry[(close + 1)..];
            return (entry[1..close], rest.StartsWith(':') && ParsePorts(rest[1..]) is { From: var p } ? p : null);
        }
        var colon = entry.LastIndexOf(':');
        if (colon < 0 || entry.IndexOf(':', StringComparison.Ordinal) != colon) return (entry, null);
        return ParsePorts(entry[(colon + 1)..]) is { From: var port } ? (entry[..colon], port) : (entry, null);
    }

    /// <summary>Whether a URL's host may be named in a webhook.</summary>
    public bool Allows(string host)
    {
        host = Bare(host);
        if (IPAddress.TryParse(host, out var address)) return InRange(address);
        return names.Any(n => NameMatches(n.Name, host));
    }

    /// <summary>Whether a URL may name this port for this host: one of Webhooks:AllowedPorts, or the port of an entry that allows the host.</summary>
    public bool AllowsPort(string host, int port)
    {
        if (ports.Any(p => port >= p.From && port <= p.To)) return true;
        host = Bare(host);
        if (IPAddress.TryParse(host, out var address))
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            return ranges.Any(r => r.Port == port && r.Range.Contains(address));
        }
        return names.Any(n => n.Port == port && NameMatches(n.Name, host));
    }

    /// <summary>The ports any allowed host may be reached on, as written for a message.</summary>
    public string PortsText => string.Join(", ", ports.Select(p => p.From == p.To ? p.From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{p.From}-{p.To}"));

    /// <summary>Whether a delivery may connect to this resolved address.</summary>
    public bool MayConnect(IPAddress address) => InRange(address) || !IsInternal(address) && !IsOwn(address);

    private static string Bare(string host) => host.ToLowerInvariant().Trim('[', ']');

    private static bool NameMatches(string name, string host) =>
        name.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(name[1..], StringComparison.Ordinal) && host.Length > name.Length - 1 : host == name;

    private bool InRange(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return ranges.Any(r => r.Range.Contains(address));
    }

    private bool IsOwn(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return ownAddresses().Contains(address);
    }

    private static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal
            || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        var b = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && (b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168)
                   || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] < 128));
    }

    /// <summary>
    /// The addresses of this host's own network interfaces (a public address included): a webhook pointed at one would
    /// reach the service itself, or whatever else listens on the host. Read again at most every 30 seconds.
    /// </summary>
    private static class OwnAddresses
    {
        private static (long At, IReadOnlySet<IPAddress>? Addresses) cached;

        public static IReadOnlySet<IPAddress> Current()
        {
            var now = Environment.TickCount64;
            var (at, addresses) = cached;
            if (addresses is not null && now - at < 30_000) return addresses;
            addresses ??= new HashSet<IPAddress>();
            try
            {
                addresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                    .Select(u => u.Address.IsIPv4MappedToIPv6 ? u.Address.MapToIPv4() : u.Address)
                    .ToHashSet();
            }
            catch (System.Net.NetworkInformation.NetworkInformationException)
            {
                // Keep the last set read.
            }
            cached = (now, addresses);
            return addresses;
        }
    }
}
