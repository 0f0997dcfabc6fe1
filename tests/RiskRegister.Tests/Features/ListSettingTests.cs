using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Webhooks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Every list setting reads a comma-separated value and a JSON array alike (issue 22, point 9): an operator's
/// <c>"AllowedHosts": ["a", "b"]</c> in appsettings.json was silently ignored.
/// </summary>
public sealed class ListSettingTests
{
    private static readonly Type[] SettingTypes = typeof(ISettings).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISettings).IsAssignableFrom(t)).ToArray();

    private static object Bind(Type type, Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        typeof(Settings).GetMethod(nameof(Settings.AddSettings))!.MakeGenericMethod(type)
            .Invoke(null, [services, configuration, null]);
        // Only the reading is tried here: "a,b" is no good value for most settings.
        foreach (var check in services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>)).ToList())
            services.Remove(check);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(type));
        return options.GetType().GetMethod("Get")!.Invoke(options, [Options.DefaultName])!;
    }

    [Fact]
    public void Every_text_setting_given_as_an_array_reads_as_its_comma_separated_form()
    {
        var checkedProperties = 0;
        foreach (var type in SettingTypes)
        {
            var section = (string)type.GetProperty("Section")!.GetValue(null)!;
            foreach (var property in type.GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite))
            {
                var asArray = Bind(type, new() { [$"{section}:{property.Name}:0"] = "a", [$"{section}:{property.Name}:1"] = " b " });
                property.GetValue(asArray).ShouldBe("a,b", $"{section}:{property.Name}");
                checkedProperties++;
            }
            foreach (var property in type.GetProperties().Where(p => p.PropertyType == typeof(List<string>) && p.CanWrite))
            {
                var asText = Bind(type, new() { [$"{section}:{property.Name}"] = "a, b" });
                ((List<string>)property.GetValue(asText)!).ShouldBe(["a", "b"], $"{section}:{property.Name}");
                checkedProperties++;
            }
        }
        checkedProperties.ShouldBeGreaterThan(5);
    }

    [Fact]
    public void Webhook_hosts_and_ports_read_alike_in_both_forms()
    {
        var fromArray = (WebhookSettings)Bind(typeof(WebhookSettings), new()
        {
            ["Webhooks:AllowedHosts:0"] = "hooks.region.se", ["Webhooks:AllowedHosts:1"] = "10.20.0.0/16",
            ["Webhooks:AllowedPorts:0"] = "443", ["Webhooks:AllowedPorts:1"] = "8443",
            ["Webhooks:RetryDelays:0"] = "5s", ["Webhooks:RetryDelays:1"] = "1m",
        });
        var fromText = (WebhookSettings)Bind(typeof(WebhookSettings), new()
        {
            ["Webhooks:AllowedHosts"] = "hooks.region.se, 10.20.0.0/16", ["Webhooks:AllowedPorts"] = "443,8443", ["Webhooks:RetryDelays"] = "5s,1m",
        });
        foreach (var settings in new[] { fromArray, fromText })
        {
            settings.Hosts().Allows("hooks.region.se").ShouldBeTrue();
            settings.Hosts().Allows("10.20.1.1").ShouldBeTrue();
            settings.Hosts().AllowsPort("hooks.region.se", 8443).ShouldBeTrue();
            settings.Delays().ShouldBe([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)]);
        }
    }
}
