namespace RiskRegister.Tests.Access;

/// <summary>Every configuration section is checked at start the same way: a bad value stops the start, naming its key.</summary>
public sealed class SettingsTests
{
    private sealed class BadSettingApi(string key, string value) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new(key, value)];
    }

    [Theory]
    [InlineData("Limits:MaxRisksPerPlan", "0")]
    [InlineData("Limits:MaxRequestBodyBytes", "many")]   // not a number: the binder's own message names the key
    [InlineData("Reports:DocumentsInFlight", "-1")]
    [InlineData("FollowUps:Round1Due", "13-01")]
    [InlineData("Metrics:AllowedNetworks", "intranet")]
    [InlineData("Database:BusyTimeoutMilliseconds", "-5")]
    [InlineData("Public:PermitsPerMinute", "-1")]
    [InlineData("RateLimit:PermitsPerMinute", "-1")]
    [InlineData("Scale:Size", "7")]
    [InlineData("Adoption:ActivitiesRequiredFor", "allt")]
    [InlineData("Webhooks:RetryDelays", "5s,5x")]
    [InlineData("Webhooks:BatchSize", "0")]
    [InlineData("Webhooks:ConcurrentDeliveries", "1000")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/99")]
    [InlineData("Cors:AllowedOrigins", "https://intern.region.se/riskregister")]
    [InlineData("Auth:Issuers:0:Authority", "http://idp.region.se")]   // http without RequireHttpsMetadata=false, no audience, no role map
    [InlineData("Auth:Issuers:0:RoleMap:riskregister.chef", "chef")]
    public void A_bad_value_stops_the_start_naming_its_key(string key, string value)
    {
        using var api = new BadSettingApi(key, value);
        Should.Throw<InvalidOperationException>(() => _ = api.Server).Message.ShouldContain(key);
    }

    [Fact]
    public void Every_bad_value_is_named_at_once()
    {
        using var api = new TwoBadSettingsApi();
        var message = Should.Throw<InvalidOperationException>(() => _ = api.Server).Message;
        message.ShouldContain("Reports:ConcurrentBuilds");
        message.ShouldContain("Webhooks:KeepDeliveredDays");
    }

    private sealed class TwoBadSettingsApi : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("Reports:ConcurrentBuilds", "-2"), new("Webhooks:KeepDeliveredDays", "-1")];
    }
}
