using System.Text;
using System.Text.Json.Nodes;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Events;
using RiskRegister.Api.Features.Webhooks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Webhooks;

/// <summary>What the dispatcher keeps so a delivery costs less: an event's body built once for every webhook, signed as sent.</summary>
public sealed class WebhookDeliveryCostTests
{
    private static EventReader.Row Risk(long id, long secret, long? unitId = 3, string? afterJson = null) => new()
    {
        Id = id, At = "2026-12-05T12:00:00.000Z", ClientName = "Handläggare", Entity = "risk", EntityId = 40, Action = "created",
        PlanId = 9, RiskId = 40, UnitId = unitId, Secret = secret,
        AfterJson = afterJson ?? """{"id":40,"title":"Läckage av patientuppgifter","description":"Beskrivning i klartext","probability":2,"consequence":3}""",
    };

    private static string Text(byte[] body) => Encoding.UTF8.GetString(body);

    [Fact]
    public void A_kept_body_is_the_event_as_a_system_client_reads_it_and_serves_the_same_row_again()
    {
        var bodies = new EventBodies();
        var row = Risk(101, secret: 0);
        var body = bodies.Of(row);
        Text(body).ShouldBe(JsonSerializer.Serialize(row.ToEvent(Disclosure.Redacted), ApiJson.Options));
        bodies.Of(Risk(101, secret: 0)).ShouldBeSameAs(body);
    }

    [Fact]
    public void A_row_read_as_secret_after_its_open_body_was_kept_gets_a_redacted_body_and_one_of_another_unit_its_own()
    {
        var bodies = new EventBodies();
        Text(bodies.Of(Risk(102, secret: 0))).ShouldContain("Beskrivning i klartext");
        var marked = Text(bodies.Of(Risk(102, secret: 1)));
        marked.ShouldNotContain("Beskrivning i klartext");
        marked.ShouldNotContain("Läckage");
        marked.ShouldNotContain("Handläggare");   // who changed a marked risk is not told
        Text(bodies.Of(Risk(102, secret: 1, unitId: 4))).ShouldContain("\"unitId\":4");
    }

    [Fact]
    public void Only_the_newest_events_bodies_are_kept()
    {
        var bodies = new EventBodies();
        for (var id = 1; id <= EventBodies.Capacity * 3; id++) bodies.Of(Risk(id, secret: 0));
        bodies.Count.ShouldBeLessThanOrEqualTo(EventBodies.Capacity + EventBodies.Capacity / 4);
    }

    [Fact]
    public void Bodies_of_long_texts_are_kept_only_up_to_the_byte_bound()
    {
        var bodies = new EventBodies();
        var text = new string('å', 8000);
        for (var id = 1; id <= 2000; id++)
        {
            var row = Risk(id, secret: 0, afterJson: "{\"id\":40,\"title\":\"T\",\"description\":\"" + text + "\",\"motivation\":\"" + text + "\"}");
            bodies.Of(row).Length.ShouldBeGreaterThan(32_000);   // every body is still built and sent
        }
        bodies.Bytes.ShouldBeLessThanOrEqualTo(EventBodies.MaxBytes);
        bodies.Count.ShouldBeLessThan(2000);
    }

    [Fact]
    public void Signing_a_body_in_UTF8_gives_the_signature_of_its_text()
    {
        var secret = WebhookSignature.NewSecret();
        const string body = """{"title":"Återkommande avvikelser i kärnverksamheten"}""";
        WebhookSignature.Sign(WebhookSignature.Key(secret), "evt_7", 1764936000, Encoding.UTF8.GetBytes(body))
            .ShouldBe(WebhookSignature.Sign(secret, "evt_7", 1764936000, body));
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"evt_7.1764936000.{body}")));
        WebhookSignature.Sign(WebhookSignature.Key(secret), "evt_7", 1764936000, Encoding.UTF8.GetBytes(body)).ShouldBe(expected);
    }

    [Fact]
    public void A_webhooks_signer_kept_over_its_posts_signs_each_as_a_signature_made_anew()
    {
        var secret = WebhookSignature.NewSecret();
        using var signer = new WebhookSignature.Signer(WebhookSignature.Key(secret));
        foreach (var (id, at, body) in new[] { ("evt_7", 1764936000L, """{"title":"Åtgärd"}"""), ("evt_8", 1764936001L, "{}"), ("evt_123456789", 1764936002L, """{"a":1}""") })
            signer.Sign(id, at, Encoding.UTF8.GetBytes(body)).ShouldBe(WebhookSignature.Sign(secret, id, at, body));
    }

    [Fact]
    public void An_open_risks_body_leaves_out_a_former_markings_note_and_author_and_is_otherwise_its_data_as_written()
    {
        var bodies = new EventBodies();
        var once = Text(bodies.Of(Risk(103, secret: 0, afterJson:
            """{"id":40,"title":"T","secrecy":{"ground":"OSL 18 kap. 8 §","note":"Hemlig anteckning","markedBy":"Säkerhetschef"}}""")));
        once.ShouldContain("OSL 18 kap. 8 §");
        once.ShouldNotContain("Hemlig anteckning");
        once.ShouldNotContain("Säkerhetschef");
        // Data without a marking is written from its parse, not built into members first: the same bytes either way.
        const string data = """{"id":40,"title":"Läckage \u0026 \"citat\"","values":[1,2.50,{"a":null}],"consequences":{"ekonomi":3}}""";
        var built = JsonNode.Parse(data)!.AsObject();
        _ = built.Count;
        Text(bodies.Of(Risk(104, secret: 0, afterJson: data))).ShouldContain("\"data\":" + built.ToJsonString(ApiJson.Options) + "}");
    }
}
