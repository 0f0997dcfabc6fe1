using System.Net;
using RiskRegister.Api.Features.Webhooks;

namespace RiskRegister.Tests.Webhooks;

/// <summary>Where a delivery may connect (issue 22, point 7): never to this host's own addresses or ports nobody allowed.</summary>
public sealed class WebhookHostRulesTests
{
    private static readonly IPAddress Own = IPAddress.Parse("203.0.113.7");   // a public address of this host's interface
    private static IReadOnlySet<IPAddress> OwnInterfaces() => new HashSet<IPAddress> { Own, IPAddress.Parse("2001:db8::7") };

    [Fact]
    public void The_hosts_own_interface_addresses_are_refused_unless_a_range_names_them()
    {
        var hosts = WebhookHosts.Parse("hooks.example.org", ownAddresses: OwnInterfaces);
        hosts.MayConnect(Own).ShouldBeFalse();
        hosts.MayConnect(IPAddress.Parse("2001:db8::7")).ShouldBeFalse();
        hosts.MayConnect(Own.MapToIPv6()).ShouldBeFalse();
        hosts.MayConnect(IPAddress.Parse("203.0.113.8")).ShouldBeTrue();   // a neighbour on the internet is just the internet
        hosts.MayConnect(IPAddress.Loopback).ShouldBeFalse();
        hosts.MayConnect(IPAddress.Parse("0.0.0.0")).ShouldBeFalse();

        WebhookHosts.Parse("hooks.example.org, 203.0.113.7/32", ownAddresses: OwnInterfaces).MayConnect(Own).ShouldBeTrue();
    }

    [Fact]
    public void The_real_interfaces_of_this_machine_are_refused()
    {
        var hosts = WebhookHosts.Parse("hooks.example.org");
        foreach (var address in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                     .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address))
            hosts.MayConnect(address).ShouldBeFalse(address.ToString());
    }

    [Fact]
    public void Ports_are_those_allowed_and_those_written_beside_an_entry()
    {
        var hosts = WebhookHosts.Parse("hooks.example.org, *.region.se:8443, 127.0.0.1:9000, 10.20.0.0/16:7000, [::1]:9001, ::2", "80, 443, 5000-5002");
        hosts.AllowsPort("hooks.example.org", 443).ShouldBeTrue();
        hosts.AllowsPort("hooks.example.org", 80).ShouldBeTrue();
        hosts.AllowsPort("hooks.example.org", 5001).ShouldBeTrue();
        hosts.AllowsPort("hooks.example.org", 8443).ShouldBeFalse();
        hosts.AllowsPort("a.region.se", 8443).ShouldBeTrue();
        hosts.Allows("a.region.se").ShouldBeTrue();
        hosts.AllowsPort("127.0.0.1", 9000).ShouldBeTrue();
        hosts.AllowsPort("127.0.0.1", 22).ShouldBeFalse();
        hosts.AllowsPort("hooks.example.org", 9000).ShouldBeFalse();
        hosts.AllowsPort("10.20.3.4", 7000).ShouldBeTrue();
        hosts.Allows("10.20.3.4").ShouldBeTrue();
        hosts.AllowsPort("[::1]", 9001).ShouldBeTrue();
        hosts.Allows("[::1]").ShouldBeTrue();
        hosts.Allows("::2").ShouldBeTrue();   // a bare IPv6 address keeps its colons

        WebhookHosts.Parse("hooks.example.org").AllowsPort("hooks.example.org", 8080).ShouldBeFalse();   // default: 80 and 443
        new WebhookSettings { AllowedPorts = "80, 0, 70000, 9-8, x" }.Problems().Count().ShouldBe(4);
    }
}

/// <summary>Loopback allowed by address, ports left at their default, and one entry written host:port.</summary>
public sealed class PortWebhookApi : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Webhooks:AllowedHosts", "127.0.0.1, 127.0.0.2:8080")];
}

public sealed class WebhookPortTests(PortWebhookApi api) : IClassFixture<PortWebhookApi>
{
    [Fact]
    public async Task A_port_outside_webhooks_allowed_ports_is_refused_at_creation_naming_it()
    {
        var admin = api.Admin();
        var refused = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:22/hook" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Json()).GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("The port 22 is not in Webhooks:AllowedPorts");
        (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1/hook" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.2:8080/hook" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:8080/hook" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
