using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Events;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Tests.Access;
using RiskRegister.Tests.Webhooks;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Every text a risk holds, found by reflection over the domain records rather than listed by hand: a field added to a
/// risk, an activity, a follow-up or a marking is withheld from every redacting reader until it is declared
/// <see cref="ShownWhenRedactedAttribute"/>, and these tests fail if it is not.
/// </summary>
public sealed class SecrecyCoverageTests(SecrecyApi api) : IClassFixture<SecrecyApi>
{
    /// <summary>The domain records a marked risk is read into, and so every record a redacting reader's answer is built from.</summary>
    private static readonly Type[] Records = [typeof(Risk), typeof(RiskActivity), typeof(FollowUp1), typeof(FollowUp2), typeof(SecrecyMark), typeof(AdoptedValue)];

    private static bool Shown(PropertyInfo member) => member.IsDefined(typeof(ShownWhenRedactedAttribute));

    private static IEnumerable<PropertyInfo> Texts(Type record) => record.GetProperties().Where(p => p.PropertyType == typeof(string));

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    [Fact]
    public void The_records_a_risk_is_read_into_are_those_its_members_hold()
    {
        // A record added to a risk (a third follow-up, a goal of its own) must be added to Records, or its texts go untested.
        var held = typeof(Risk).GetProperties().Select(p => p.PropertyType)
            .Select(t => Nullable.GetUnderlyingType(t) ?? t)
            .Select(t => t.IsGenericType && t != typeof(string) ? t.GetGenericArguments()[0] : t)
            .Where(t => t.Namespace == typeof(Risk).Namespace && t.IsClass && t.GetConstructors().Any(c => c.GetParameters().Length > 0));
        Records.ShouldBe(held.Prepend(typeof(Risk)).Distinct(), ignoreOrder: true);
    }

    [Fact]
    public void The_only_texts_declared_shown_are_dates_and_the_legal_ground()
    {
        // Declaring a text shown is the one step that lets it out: a review decision, so it changes this test too.
        Records.SelectMany(r => Texts(r).Where(Shown).Select(p => $"{r.Name}.{p.Name}")).ShouldBe(
            ["Risk.CreatedAt", "Risk.UpdatedAt", "FollowUp1.RecordedAt", "FollowUp2.RecordedAt", "SecrecyMark.Ground", "SecrecyMark.MarkedAt", "AdoptedValue.AdoptedAt"],
            ignoreOrder: true);
    }

    /// <summary>
    /// A marked risk with every string member of every record filled with a marker of its own (a date for those declared
    /// shown would do as well; a marker proves they are the only ones that pass).
    /// </summary>
    private static (Risk Risk, Dictionary<string, string> Markers) EveryTextMarked()
    {
        var markers = new Dictionary<string, string>();
        object Build(Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return constructor.Invoke(constructor.GetParameters().Select(parameter =>
            {
                var member = type.GetProperty(parameter.Name!)!;
                var t = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (t == typeof(string))
                {
                    var marker = $"HEMLIG-{type.Name}.{member.Name}-{Guid.NewGuid():N}";
                    markers[marker] = $"{type.Name}.{member.Name}";
                    return marker;
                }
                if (t == typeof(RiskValue)) return new RiskValue(3, 4);
                if (Records.Contains(t)) return Build(t);
                if (t.IsGenericType && Records.Contains(t.GetGenericArguments()[0]))
                {
                    var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(t.GetGenericArguments()[0]))!;
                    list.Add(Build(t.GetGenericArguments()[0]));
                    return list;
                }
                if (t == typeof(DateOnly)) return new DateOnly(2023, 10, 31);
                if (t == typeof(long)) return 7L;
                return t.IsValueType ? Activator.CreateInstance(t) : null;
            }).ToArray());
        }
        var risk = (Risk)Build(typeof(Risk));
        risk.Secrecy.ShouldNotBeNull();
        return (risk, markers);
    }

    /// <summary>The markers in <paramref name="text"/> of members not declared shown.</summary>
    private static string[] Leaked(string text, Dictionary<string, string> markers) =>
        markers.Where(m => text.Contains(m.Key, StringComparison.Ordinal)).Select(m => m.Value)
            .Where(member => !Shown(Records.Single(r => r.Name == member.Split('.')[0]).GetProperty(member.Split('.')[1])!)).ToArray();

    [Fact]
    public void A_marked_risks_view_and_its_events_data_redacted_hold_no_text_of_a_member_not_declared_shown()
    {
        var (risk, markers) = EveryTextMarked();
        var full = JsonSerializer.Serialize(RiskView.Of(risk, Scale.Default), ApiFixture.Json);
        Leaked(full, markers).Length.ShouldBe(Texts(typeof(Risk)).Concat(Records.Skip(1).SelectMany(Texts)).Count(p => !Shown(p)),
            "unredacted, the view shows every text (else the check below proves nothing)");

        var view = JsonSerializer.Serialize(RiskView.Of(SecrecyRules.Redact(risk), Scale.Default), ApiFixture.Json);
        Leaked(view, markers).ShouldBeEmpty("the view of a redacted risk");
        // What the history holds of the risk (its view, as written at its creation or deletion), as an event gives it.
        var data = JsonSerializer.SerializeToNode(RiskView.Of(risk, Scale.Default), ApiFixture.Json)!.AsObject();
        Leaked(EventRedaction.Redact(data).ToJsonString(), markers).ShouldBeEmpty("an event's data about a marked risk");
        foreach (var round in new object[] { FollowUp1View.Of(risk.Round1!, Scale.Default, risk.Value), FollowUp2View.Of(risk.Round2!, Scale.Default, risk.Value), ActivityView.Of(risk.Activities[0]) })
            Leaked(EventRedaction.Redact(JsonSerializer.SerializeToNode(round, ApiFixture.Json)!.AsObject()).ToJsonString(), markers).ShouldBeEmpty(round.GetType().Name);
    }

    [Fact]
    public void What_the_views_redaction_keeps_is_what_the_events_redaction_keeps()
    {
        var (risk, _) = EveryTextMarked();
        var view = JsonSerializer.SerializeToNode(RiskView.Of(SecrecyRules.Redact(risk), Scale.Default), ApiFixture.Json)!.AsObject();
        var data = EventRedaction.Redact(JsonSerializer.SerializeToNode(RiskView.Of(risk, Scale.Default), ApiFixture.Json)!.AsObject());
        // The event leaves a withheld member out where the view empties it; what either shows, the other shows the same.
        static IEnumerable<(string Path, string Value)> Values(JsonNode? node, string path) => node switch
        {
            JsonObject o => o.SelectMany(p => Values(p.Value, $"{path}.{p.Key}")),
            JsonArray a => a.SelectMany((n, i) => Values(n, $"{path}[{i}]")),
            null => [],
            _ => [(path, node.ToJsonString())],
        };
        var shown = Values(view, "").Where(v => v.Value is not ("\"\"" or "null")).ToList();
        Values(data, "").Where(v => v.Value is not ("\"\"" or "null")).ShouldBe(shown, ignoreOrder: true);
    }

    /// <summary>The records a control is read into: a control of a marked risk is redacted with it, a control marked itself too.</summary>
    private static readonly Type[] ControlRecords = [typeof(Control), typeof(ControlResult), typeof(SecrecyMark)];

    [Fact]
    public void The_records_a_control_is_read_into_are_those_its_members_hold()
    {
        var held = typeof(Control).GetProperties().Select(p => p.PropertyType)
            .Select(t => Nullable.GetUnderlyingType(t) ?? t)
            .Select(t => t.IsGenericType && t != typeof(string) ? t.GetGenericArguments()[0] : t)
            .Where(t => t.Namespace == typeof(Control).Namespace && t.IsClass && t.GetConstructors().Any(c => c.GetParameters().Length > 0));
        ControlRecords.ShouldBe(held.Prepend(typeof(Control)).Distinct(), ignoreOrder: true);
    }

    [Fact]
    public void The_only_texts_a_control_declares_shown_are_dates_and_the_legal_ground()
    {
        ControlRecords.SelectMany(r => Texts(r).Where(Shown).Select(p => $"{r.Name}.{p.Name}")).ShouldBe(
            ["Control.CreatedAt", "Control.UpdatedAt", "ControlResult.RecordedAt", "SecrecyMark.Ground", "SecrecyMark.MarkedAt"], ignoreOrder: true);
    }

    [Fact]
    public void A_control_of_a_marked_risk_redacted_and_its_events_data_hold_no_text_of_a_member_not_declared_shown()
    {
        var markers = new Dictionary<string, string>();
        object Build(Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return constructor.Invoke(constructor.GetParameters().Select(parameter =>
            {
                var t = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (t == typeof(string))
                {
                    var marker = $"HEMLIG-{type.Name}.{parameter.Name}-{Guid.NewGuid():N}";
                    markers[marker] = $"{type.Name}.{type.GetProperty(parameter.Name!)!.Name}";
                    return marker;
                }
                if (t.IsGenericType && ControlRecords.Contains(t.GetGenericArguments()[0]))
                    return new List<ControlResult> { (ControlResult)Build(typeof(ControlResult)) };
                if (ControlRecords.Contains(t)) return Build(t);
                if (t == typeof(int)) return 1;
                if (t == typeof(long)) return 7L;
                if (t == typeof(DateOnly)) return new DateOnly(2025, 6, 30);
                return t.IsValueType ? Activator.CreateInstance(t) : null;
            }).ToArray());
        }
        var control = (Control)Build(typeof(Control));
        string[] LeakedFrom(string text) => markers.Where(m => text.Contains(m.Key, StringComparison.Ordinal)).Select(m => m.Value)
            .Where(member => !Shown(ControlRecords.Single(r => r.Name == member.Split('.')[0]).GetProperty(member.Split('.')[1])!)).ToArray();

        var full = JsonSerializer.Serialize(ControlView.Of(control), ApiFixture.Json);
        LeakedFrom(full).Length.ShouldBe(ControlRecords.SelectMany(Texts).Count(p => !Shown(p)), "unredacted, the view shows every text");
        var redacted = ControlRules.Redact(control);
        redacted.Title.ShouldBe(ControlRules.RedactedTitle);
        LeakedFrom(JsonSerializer.Serialize(ControlView.Of(redacted), ApiFixture.Json)).ShouldBeEmpty("the view of a redacted control");
        var data = JsonSerializer.SerializeToNode(ControlView.Of(control), ApiFixture.Json)!.AsObject();
        LeakedFrom(EventRedaction.Redact(data).ToJsonString()).ShouldBeEmpty("an event's data about a control of a marked risk");
        // Marked itself (standing alone), it is redacted for a redacting reader without any risk marked.
        control.Secrecy.ShouldNotBeNull();
        var alone = ControlRules.As([control with { RiskId = null }], [], Disclosure.Redacted).Single();
        alone.Title.ShouldBe(ControlRules.RedactedTitle);
        LeakedFrom(JsonSerializer.Serialize(ControlView.Of(alone), ApiFixture.Json)).ShouldBeEmpty("the view of a control marked itself");
        alone.Secrecy!.Ground.ShouldBe(control.Secrecy.Ground);
        // What the events keep of a control is what its view keeps: method, frequency, results' counts.
        var kept = EventRedaction.Redact(data);
        kept["method"].ShouldNotBeNull();
        kept["results"]![0]!["deviations"].ShouldNotBeNull();
    }

    private static string Text(string member, string marker) => $"{member} {marker} med en text lång nog för varje krav";

    // A redacting reader: a system client (the reports and the events feed are what it may read), a webhook, the public.

    /// <summary>The request body that writes <paramref name="record"/>'s texts: each string member not declared shown, under its own name.</summary>
    private static Dictionary<string, object?> Body(Type record, string marker, object others)
    {
        var body = JsonSerializer.SerializeToNode(others, ApiFixture.Json)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
        foreach (var member in Texts(record).Where(p => !Shown(p) && !WrittenByTheService.Contains((record, p.Name))))
            body[Camel(member.Name)] = Text(member.Name, marker);
        return body;
    }

    // A marking's author is the client that marked it: the test names that client with the marker.
    private static readonly HashSet<(Type, string)> WrittenByTheService = [(typeof(SecrecyMark), nameof(SecrecyMark.MarkedBy))];

    [Fact]
    public async Task Every_text_a_marked_risk_holds_reaches_an_auditor_and_no_redacting_reader()
    {
        var marker = "HEMLIG-" + Guid.NewGuid().ToString("N");
        var admin = api.Admin();
        var unit = await admin.CreateAdministration("Förvaltning " + marker[^6..]);
        var board = (await admin.GetOk($"/api/v1/units/{unit}")).GetProperty("parentId").GetInt64();
        var plan = await admin.CreatePlan(unit);
        var risk = await admin.AddRisk(plan, Body(typeof(Risk), marker, new { probability = 3, consequence = 4, handlingMethod = "atgard" }));
        await admin.PostOk($"/api/v1/risks/{risk}/activities", Body(typeof(RiskActivity), marker, new { due = "2023-10-31" }));
        await admin.PostOk($"/api/v1/plans/{plan}/adoption", Risks.Decision);
        await admin.PutOk($"/api/v1/risks/{risk}/follow-ups/1", Body(typeof(FollowUp1), marker, new { handlingStatus = "inProgress", probability = 3, consequence = 3 }));
        await admin.PutOk($"/api/v1/risks/{risk}/follow-ups/2", Body(typeof(FollowUp2), marker, new { probability = 4, consequence = 4 }));
        var (_, markerKey) = await admin.CreateApiClient(Text(nameof(SecrecyMark.MarkedBy), marker), "admin");
        var marking = Body(typeof(SecrecyMark), marker, new { ground = "OSL 18 kap. 8 §" });
        await api.WithKey(markerKey).PutOk($"/api/v1/risks/{risk}/secrecy", marking);

        // Whoever reads it all reads every text: each member's text was written (a member no request writes fails here).
        var (_, auditorKey) = await admin.CreateApiClient("Revisor", "auditor");
        var full = (await api.WithKey(auditorKey).GetOk($"/api/v1/risks/{risk}")).GetRawText();
        foreach (var member in Records.SelectMany(r => Texts(r).Where(p => !Shown(p)).Select(p => p.Name)).Distinct())
            System.Text.RegularExpressions.Regex.Unescape(full).ShouldContain(Text(member, marker), customMessage: "the auditor's read of the risk");

        // Changes after the marking reach a webhook subscribed now, redacted.
        await using var receiver = await Receiver.StartAsync();
        await admin.PostOk("/api/v1/webhooks", new { url = receiver.Address.ToString() });
        await admin.PutOk($"/api/v1/risks/{risk}/follow-ups/1", Body(typeof(FollowUp1), marker + " igen", new { handlingStatus = "done", probability = 2, consequence = 3 }));
        await admin.PutOk($"/api/v1/risks/{risk}/follow-ups/2", Body(typeof(FollowUp2), marker + " igen", new { probability = 2, consequence = 2 }));
        await api.WithKey(markerKey).PutOk($"/api/v1/risks/{risk}/secrecy", Body(typeof(SecrecyMark), marker + " igen", new { ground = "OSL 18 kap. 8 §" }));

        await admin.PostOk($"/api/v1/plans/{plan}/copy", new { year = 2024 });
        var (_, systemKey) = await admin.CreateApiClient("Regionens system", "system");
        var system = api.WithKey(systemKey);
        var anyone = api.WithKey(null);
        var answers = new Dictionary<string, string>();
        foreach (var (client, path, accept) in new (HttpClient, string, string?)[]
        {
            (system, $"/api/v1/plans/{plan}/summary", null), (system, $"/api/v1/plans/{plan}/summary", "text/html"),
            (system, $"/api/v1/plans/{plan}/assessment", null), (system, $"/api/v1/units/{unit}/comparison?from=2023&to=2024", null),
            (system, $"/api/v1/units/{board}/internal-control?year=2023", null), (system, $"/api/v1/units/{board}/internal-control?year=2023", "text/html"),
            (system, $"/api/v1/events?limit=500&unitId={unit}", null),
            (anyone, $"/api/v1/public/plans/{plan}/summary", null), (anyone, $"/api/v1/public/plans/{plan}/summary", "text/html"),
            (anyone, "/api/v1/public/plans?year=2023&limit=500", null),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null) request.Headers.Accept.ParseAdd(accept);
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            answers[$"{path} ({accept ?? "json"})"] = await response.Content.ReadAsStringAsync();
        }
        var delivered = await receiver.WaitForAsync(r => r.Count(d => d.Body.Contains("risk.secrecyChanged")) >= 1 && r.Count >= 3);
        foreach (var (d, i) in delivered.Select((d, i) => (d, i))) answers[$"webhook delivery {i}"] = d.Body;
        answers.Keys.ShouldContain(k => k.StartsWith("webhook", StringComparison.Ordinal));

        foreach (var (what, body) in answers)
        {
            body.ShouldNotContain(marker, customMessage: what);
            System.Text.RegularExpressions.Regex.Unescape(System.Net.WebUtility.HtmlDecode(body)).ShouldNotContain(marker, customMessage: what);
        }
    }
}
