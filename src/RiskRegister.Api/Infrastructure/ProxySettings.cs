using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy (configuration section <c>ForwardedHeaders</c>): <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from the proxies named here, so the rate limits, the request log and the
/// <c>Location</c> headers see the real client and scheme. From anyone else they are ignored: a client cannot choose its
/// own address (and so its own rate-limit bucket). ASP.NET's default of trusting loopback is dropped (and its trusting
/// everyone when both lists are empty): nothing is trusted until configured.
/// </summary>
public sealed class ProxySettings : ISettings
{
    public static string Section => "ForwardedHeaders";

    /// <summary>The proxies' addresses.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>The proxies' networks (e.g. 10.0.0.0/8).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Reads the section: each list given as an array (<c>KnownProxies:0</c>, …) or as one comma-separated value (an environment variable).</summary>
    public static void Read(ProxySettings settings, IConfigurationSection section)
    {
        settings.KnownProxies = Values(section, nameof(KnownProxies));
        settings.KnownNetworks = Values(section, nameof(KnownNetworks));
    }

    public IEnumerable<string> Problems() =>
        KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _))
            .Select(proxy => $"ForwardedHeaders:KnownProxies: \"{proxy}\" is not an IP address.")
            .Concat(KnownNetworks.Where(network => !System.Net.IPNetwork.TryParse(network, out _))
                .Select(network => $"ForwardedHeaders:KnownNetworks: \"{network}\" is not a network (e.g. 10.0.0.0/8)."));

    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        // ASP.NET trusts every sender when both lists are empty: with no proxy configured, read no forwarded header at all.
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            options.ForwardedHeaders = ForwardedHeaders.None;
    }

    private static List<string> Values(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var values = child.Value is { } single ? single.Split(',') : child.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
    }
}
