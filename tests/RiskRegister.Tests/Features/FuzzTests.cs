using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RiskRegister.Tests.Features;

/// <summary>
/// Bad requests generated from the served OpenAPI document, for every operation: bad ids in the path, wrong and
/// out-of-range query values, and for each body member a missing, null, mistyped, huge, long or NUL value, plus broken
/// JSON, broken UTF-8 and bodies of the wrong shape. Deterministic (the cases are enumerated, not drawn). Every answer
/// must be below 500, every error a problem+json body, and a database snapshot before and after each refused request
/// proves that nothing refused was stored.
/// </summary>
public sealed class FuzzTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record Case(string Method, string Path, string What, HttpContent? Body, string? IfMatch = null);

    private static readonly string[] BadIds = ["abc", "0", "-1", "1.5", "99999999999999999999", "9223372036854775807", "%20", "1e3"];
    private static readonly string[] BadQueryValues = ["abc", "-1", "0", "99999999999999999999", "", "ADOPTED", "Granskning", new string('x', 5000), "%00", "1.5"];

    [Fact]
    public async Task Generated_bad_requests_never_get_a_5xx_and_never_store_anything()
    {
        var admin = api.Admin();
        var world = await World(admin);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var cases = new List<Case>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (verb, operationNode) in item!.AsObject())
        {
            var operation = operationNode!.AsObject();
            var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
            string Fill(string template, string? bad = null, string? badName = null) =>
                System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", m => m.Groups[1].Value == badName ? bad! : world(template, m.Groups[1].Value));
            var method = verb.ToUpperInvariant();
            var body = operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } bodySchema ? Resolve(bodySchema, schemas) : null;
            var valid = body is null ? null : Valid(body, schemas)!.AsObject();
            HttpContent? ValidBody() => valid is null ? null : Json(valid.ToJsonString());

            foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
            foreach (var bad in BadIds)
                cases.Add(new(method, Fill(path, bad, parameter["name"]!.GetValue<string>()), $"path {parameter["name"]}={bad}", ValidBody()));
            foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "query"))
            foreach (var bad in BadQueryValues)
                cases.Add(new(method, Fill(path) + $"?{parameter["name"]}={Uri.EscapeDataString(bad)}", $"query {parameter["name"]}={bad[..Math.Min(bad.Length, 20)]}", ValidBody()));
            if (parameters.Any(p => p["name"]!.GetValue<string>() == "If-Match"))
                foreach (var bad in new[] { "\"abc", "W/", "*, garbage", "\"" + new string('9', 400) + "\"" })
                    cases.Add(new(method, Fill(path), $"If-Match {bad[..Math.Min(bad.Length, 12)]}", ValidBody(), bad));
            if (valid is null || method == "DELETE") continue;

            foreach (var (name, _) in body!["properties"]!.AsObject())
            foreach (var (what, value) in BadValues())
            {
                var mutated = valid.DeepClone().AsObject();
                if (value is null && what == "missing") mutated.Remove(name); else mutated[name] = value?.DeepClone();
                cases.Add(new(method, Fill(path), $"{name}: {what}", Json(mutated.ToJsonString().Replace($"\"{LoneSurrogate}\"", "\"\\ud800\"", StringComparison.Ordinal))));
            }
            foreach (var (what, raw) in BrokenBodies(valid))
                cases.Add(new(method, Fill(path), what, raw));
        }

        cases.Count.ShouldBeGreaterThan(1300);   // every operation contributes
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var snapshot = DatabaseSnapshot.Take(api.Database);
        foreach (var c in cases)
        {
            var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path) { Content = c.Body };
            if (c.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", c.IfMatch);
            var response = await admin.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500) failures.Add($"{c.Method} {c.Path} [{c.What}] answered {status}: {text[..Math.Min(text.Length, 200)]}");
            if (status >= 400)
            {
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || JsonNode.Parse(text)?["status"]?.GetValue<int>() != status)
                    failures.Add($"{c.Method} {c.Path} [{c.What}] answered {status} without a problem body: {text[..Math.Min(text.Length, 200)]}");
                if (DatabaseSnapshot.Take(api.Database) != snapshot)
                    failures.Add($"{c.Method} {c.Path} [{c.What}] answered {status} but changed the database");
            }
            snapshot = status < 400 ? DatabaseSnapshot.Take(api.Database) : snapshot;
        }
        failures.ShouldBeEmpty($"{failures.Count} of {cases.Count} generated requests:\n" + string.Join("\n", failures.Take(40)));
        // The cases reach what they aim at: binding and validation (400), lookups (404), the media type check (415).
        TestContext.Current.SendDiagnosticMessage("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        statuses.Keys.ShouldContain(400);
        statuses.Keys.ShouldContain(404);
        statuses.Keys.ShouldContain(415);
        statuses[400].ShouldBeGreaterThan(cases.Count / 2);
    }

    // JsonNode cannot hold a lone surrogate, so the text gets it in place of this marker.
    private const string LoneSurrogate = "lone-surrogate-marker";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static IEnumerable<(string What, JsonNode? Value)> BadValues() =>
    [
        ("missing", null), ("null", JsonValue.Create((string?)null)), ("a number", 12345), ("a string", "abc"), ("true", true),
        ("an array", new JsonArray(1, 2)), ("an object", new JsonObject { ["a"] = 1 }), ("huge", JsonNode.Parse("1e400")),
        ("beyond long", JsonNode.Parse("99999999999999999999999")), ("negative", -1), ("a fraction", 2.5), ("long text", new string('å', 20_000)),
        ("NUL", "\u0000"), ("a lone surrogate", LoneSurrogate), ("a bad date", "2023-02-30"), ("an enum misspelt", "ATGARD"),
    ];

    private static IEnumerable<(string What, HttpContent Body)> BrokenBodies(JsonObject valid)
    {
        var text = valid.ToJsonString();
        yield return ("empty body", Json(""));
        yield return ("truncated JSON", Json(text[..(text.Length / 2)]));
        yield return ("an array body", Json("[" + text + "]"));
        yield return ("null body", Json("null"));
        yield return ("a number body", Json("42"));
        yield return ("deep nesting", Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("duplicate members", Json(text.TrimEnd('}') + (valid.Count > 0 ? "," : "") + text[1..]));
        yield return ("an unknown member", Json(text.TrimEnd('}') + (valid.Count > 0 ? "," : "") + "\"unknownMember\":1}"));
        var bytes = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]);   // {"\xff\xfe":1}: not UTF-8
        bytes.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        yield return ("invalid UTF-8", bytes);
        yield return ("a form body", new FormUrlEncodedContent([new("title", "x")]));
        yield return ("charset=latin1", new StringContent(text, Encoding.Latin1, "application/json"));
    }

    private static JsonNode Resolve(JsonNode schema, JsonObject schemas) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Resolve(schemas[reference.Split('/')[^1]]!, schemas)
        : schema["oneOf"]?.AsArray().FirstOrDefault(c => c!["type"]?.ToString() != "null") is { } choice ? Resolve(choice, schemas)
        : schema;

    /// <summary>A value the schema accepts: required members filled, each with a plausible value of its type.</summary>
    private static JsonNode? Valid(JsonNode schema, JsonObject schemas)
    {
        schema = Resolve(schema, schemas);
        if (schema["enum"] is JsonArray values) return values.First(v => v is not null)!.DeepClone();
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).First(t => t != "null"),
            { } one => one.GetValue<string>(),
            _ => "object",
        };
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Where(p => schema["required"]?.AsArray().Any(r => r!.GetValue<string>() == p.Key) == true)
                .Select(p => KeyValuePair.Create(p.Key, Valid(p.Value!, schemas)))),
            "array" => new JsonArray(),
            "integer" => schema["minimum"] is { } min ? Math.Max(min.GetValue<int>(), Math.Min(2, schema["maximum"]?.GetValue<int>() ?? 2)) : 2030,
            "number" => 1,
            "boolean" => true,
            _ => schema["format"]?.GetValue<string>() switch { "date" => "2023-10-31", "date-time" => "2023-10-31T00:00:00.000Z", _ => "Fuzz" },
        };
    }

    /// <summary>A unit, a draft plan with a risk and an activity, an adopted plan, an auditor: ids for the path parameters.</summary>
    private static async Task<Func<string, string, string>> World(HttpClient admin)
    {
        var unit = await admin.CreateAdministration("Fuzz");
        var board = (await admin.Typed().GetUnitAsync(unit)).ParentId!.Value;
        var draft = await admin.CreatePlan(unit, 2030);
        var risk = await admin.AddRisk(draft, Risks.Granskning());
        var activity = (await admin.AddActivity(risk, Risks.Activity())).Id;
        var (adopted, bevakning, _) = await admin.AdoptedPlan(2023);
        var (client, _) = await Access.ClientHelpers.CreateApiClient(admin, "Fuzzrevisor", "auditor");
        return (path, name) => (path, name) switch
        {
            (_, "activityId") => activity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, "planId") => draft.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.StartsWith("/api/v1/risks/{id}/follow-ups", StringComparison.Ordinal) => bevakning.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.StartsWith("/api/v1/risks", StringComparison.Ordinal) => risk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.Contains("/closure", StringComparison.Ordinal) || p.Contains("/copy", StringComparison.Ordinal) => adopted.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.StartsWith("/api/v1/plans", StringComparison.Ordinal) => draft.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.StartsWith("/api/v1/units", StringComparison.Ordinal) => (p.Contains("comparison", StringComparison.Ordinal) ? unit : board).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (var p, _) when p.StartsWith("/api/v1/clients", StringComparison.Ordinal) => client.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "1",
        };
    }
}
