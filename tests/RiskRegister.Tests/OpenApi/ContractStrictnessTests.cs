using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RiskRegister.Tests.OpenApi;

/// <summary>The demo register (plans with follow-ups, decisions, controls), the public excerpt on, one risk marked secret.</summary>
public sealed class StrictContractFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Demo:Load", "true"), new("Public:Enabled", "true")];
}

/// <summary>The same service with a rate limit one test can reach.</summary>
public sealed class RateLimitedContractFixture : ApiFixture
{
    public const int PermitsPerMinute = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("RateLimit:PermitsPerMinute", PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Public:Enabled", "true"),
         new("Public:PermitsPerMinute", PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>
/// How strict the contract is (issue 22, point 15), one test per kind of gap, each over the whole document and, where
/// a document alone cannot tell, over what the service really answers: a gap of the same kind in a new operation fails
/// here as today's did.
/// </summary>
public sealed partial class ContractStrictnessTests(StrictContractFixture api) : IClassFixture<StrictContractFixture>
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> Document() =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Verb, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => Verbs.Contains(o.Key)).Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    private static JsonObject Schemas(JsonObject document) => document["components"]!["schemas"]!.AsObject();

    /// <summary>The schema a reference, or a nullable reference (<c>oneOf: [null, $ref]</c>), stands for; with the component's name.</summary>
    private static (string? Name, JsonObject? Schema) Resolve(JsonObject document, JsonNode? schema)
    {
        if (schema is not JsonObject node) return (null, null);
        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference.Split('/')[^1];
            return (name, Schemas(document)[name]!.AsObject());
        }
        if (node["oneOf"] is JsonArray choices && choices.OfType<JsonObject>().FirstOrDefault(c => c["$ref"] is not null) is { } referenced)
            return Resolve(document, referenced);
        return (null, node);
    }

    private static bool HasType(JsonObject? schema, string type) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>() == type,
        JsonArray types => types.Any(t => t!.GetValue<string>() == type),
        _ => false,
    };

    /// <summary>The request body schemas, by operation.</summary>
    private static IEnumerable<(string Path, string Verb, string Name, JsonObject Schema)> RequestBodies(JsonObject document) =>
        Operations(document)
            .Select(o => (o.Path, o.Verb, Body: Resolve(document, o.Operation["requestBody"]?["content"]?["application/json"]?["schema"])))
            .Where(o => o.Body.Schema is not null)
            .Select(o => (o.Path, o.Verb, o.Body.Name ?? "(inline)", o.Body.Schema!));

    private static string Fill(string path, string id = "1") => Regex.Replace(path, @"\{[^}]+\}", id);

    // ---- required: every member always sent is required ------------------------------------------------------------

    /// <summary>What the served answers held, per named schema: how many instances, how often each member was present.</summary>
    private sealed class Observed
    {
        public Dictionary<string, (int Instances, Dictionary<string, int> Present)> Schemas { get; } = [];
        public List<string> Gaps { get; } = [];
    }

    private static void Walk(JsonObject document, JsonNode? schema, JsonNode? value, string at, Observed seen)
    {
        var (name, resolved) = Resolve(document, schema);
        if (resolved is null || value is null) return;
        switch (value)
        {
            case JsonObject obj when resolved["properties"] is JsonObject properties:
                if (name is not null)
                {
                    var (count, present) = seen.Schemas.TryGetValue(name, out var known) ? known : (0, new Dictionary<string, int>());
                    foreach (var member in obj) present[member.Key] = present.GetValueOrDefault(member.Key) + 1;
                    seen.Schemas[name] = (count + 1, present);
                    foreach (var member in resolved["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                        if (!obj.ContainsKey(member)) seen.Gaps.Add($"{at}: {name}.{member} is required but was not sent");
                }
                foreach (var (member, memberValue) in obj)
                {
                    if (properties[member] is not JsonObject memberSchema) continue;
                    // A text that is a timestamp is described as one.
                    if (memberValue is JsonValue text && text.TryGetValue<string>(out var s) && Timestamp().IsMatch(s)
                        && Resolve(document, memberSchema).Schema?["format"]?.GetValue<string>() != "date-time")
                        seen.Gaps.Add($"{at}: {name}.{member} is a timestamp (\"{s}\") without format: date-time");
                    Walk(document, memberSchema, memberValue, $"{at}.{member}", seen);
                }
                break;
            case JsonObject map when resolved["additionalProperties"] is JsonObject values:
                foreach (var (key, item) in map) Walk(document, values, item, $"{at}.{key}", seen);
                break;
            case JsonArray array when resolved["items"] is JsonObject items:
                foreach (var item in array) Walk(document, items, item, $"{at}[]", seen);
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex Timestamp();

    /// <summary>Every GET of the document with ids the register really has (up to three per path), and its JSON answer.</summary>
    private async Task<List<(string Path, JsonObject Schema, JsonNode Answer)>> Crawl(JsonObject document)
    {
        var admin = api.Admin();
        // One marked risk, so that SecrecyView is served.
        var plans = JsonNode.Parse(await admin.GetStringAsync("/api/v1/plans?limit=100"))!;
        var firstPlan = plans["items"]!.AsArray()[0]!["id"]!.GetValue<long>();
        var risks = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/plans/{firstPlan}/risks"))!;
        var risk = risks["items"]!.AsArray()[0]!["id"]!.GetValue<long>();
        await admin.PutAsync($"/api/v1/risks/{risk}/secrecy", new StringContent("""{"ground":"OSL 18 kap. 8 §","note":"Menprövning."}""", Encoding.UTF8, "application/json"));

        var ids = new Dictionary<string, SortedSet<long>>(StringComparer.Ordinal);
        var years = new SortedSet<int>();
        void Collect(JsonNode? node, string segment)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (value is JsonArray array)
                            foreach (var item in array.OfType<JsonObject>())
                                if (item["id"] is JsonValue id && id.TryGetValue<long>(out var number))
                                    (ids.TryGetValue(key == "items" ? segment : key, out var set) ? set : ids[key == "items" ? segment : key] = []).Add(number);
                        if (key == "year" && value is JsonValue y && y.TryGetValue<int>(out var year)) years.Add(year);
                        Collect(value, segment);
                    }
                    break;
                case JsonArray list:
                    foreach (var item in list) Collect(item, segment);
                    break;
            }
        }

        var answers = new List<(string, JsonObject, JsonNode)>();
        var gets = Operations(document).Where(o => o.Verb == "get" && o.Operation["responses"]?["200"]?["content"]?["application/json"] is not null).ToList();
        // Paths without parameters first: their answers name the ids the others need.
        foreach (var (path, _, operation) in gets.OrderBy(o => o.Path.Count(c => c == '{')).ThenBy(o => o.Path, StringComparer.Ordinal))
        {
            var names = Regex.Matches(path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
            var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last(s => !s.StartsWith('{'));
            var owner = path.Replace("/api/v1/public/", "/api/v1/").Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? segment;
            var candidates = names.Count == 0 ? [0L] : (ids.GetValueOrDefault(owner) ?? []).Take(3).ToList();
            var year = years.Count > 0 ? years.Max : 2023;
            var query = string.Join("&", (operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>()
                .Where(p => p["in"]!.GetValue<string>() == "query" && p["required"]?.GetValue<bool>() == true)
                .Select(p => p["name"]!.GetValue<string>() switch { "from" => $"from={year - 1}", "to" => $"to={year}", var n => $"{n}={year}" }));
            if (segment is "events" or "history") query = "limit=500";
            foreach (var id in candidates)
            {
                var url = Regex.Replace(path, @"\{([^}]+)\}", m => m.Groups[1].Value switch
                {
                    "number" => "1",
                    "activityId" => (ids.GetValueOrDefault("activities") ?? [1]).First().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }) + (query.Length > 0 ? "?" + query : "");
                var client = operation["security"] is JsonArray { Count: 0 } ? api.CreateClient() : admin;
                var response = await client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/json") continue;
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Collect(answer, segment);
                answers.Add((path, operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.AsObject(), answer));
            }
        }
        return answers;
    }

    [Fact]
    public async Task Every_member_the_served_answers_always_hold_is_required_and_every_required_one_is_sent()
    {
        var document = await Document();
        var answers = await Crawl(document);
        var seen = new Observed();
        foreach (var (path, schema, answer) in answers) Walk(document, schema, answer, path, seen);
        seen.Schemas.Count.ShouldBeGreaterThan(30, "the crawl reached too few schemas to say anything");
        foreach (var (name, (instances, present)) in seen.Schemas)
        {
            var required = Schemas(document)[name]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (member, count) in present)
                if (count == instances && !required.Contains(member))
                    seen.Gaps.Add($"{name}.{member} was sent in all {instances} answers but is not required");
        }
        // Every response object schema says which members it always has (what the crawl did not reach, too).
        var requests = RequestBodies(document).Select(b => b.Name).ToHashSet();
        foreach (var (name, schema) in Schemas(document))
            if (!requests.Contains(name) && schema!["properties"] is JsonObject { Count: > 0 } && schema["required"] is null)
                seen.Gaps.Add($"{name} is a response schema without required");
        seen.Gaps.Distinct().ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_timestamp_member_is_date_time()
    {
        var document = await Document();
        var gaps = new List<string>();
        // By name (the register's timestamps end in At: createdAt, markedAt, recordedAt, occurredAt …)…
        foreach (var (name, schema) in Schemas(document))
            foreach (var (member, property) in schema!["properties"]?.AsObject() ?? [])
                if ((member == "at" || member.EndsWith("At", StringComparison.Ordinal)) && HasType(Resolve(document, property).Schema, "string")
                    && property!["format"]?.GetValue<string>() != "date-time")
                    gaps.Add($"{name}.{member}");
        // … and by what is served: a value that is a timestamp is in a member described as one.
        var seen = new Observed();
        foreach (var (path, schema, answer) in await Crawl(document)) Walk(document, schema, answer, path, seen);
        gaps.AddRange(seen.Gaps.Where(g => g.Contains("timestamp", StringComparison.Ordinal)));
        gaps.Distinct().ShouldBeEmpty();
    }

    // ---- request members: minLength, enums, array limits ------------------------------------------------------------

    [Fact]
    public async Task Every_text_the_server_refuses_empty_declares_min_length()
    {
        var document = await Document();
        var admin = api.Admin();
        var gaps = new List<string>();
        var probed = 0;
        foreach (var (path, verb, name, schema) in RequestBodies(document))
            foreach (var (member, property) in schema["properties"]!.AsObject())
            {
                // A date or timestamp says its shape with its format; an empty one is no date.
                if (!HasType(Resolve(document, property).Schema, "string") || Resolve(document, property).Name is not null || property!["format"] is not null) continue;
                var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), Fill(path, "999999"))
                {
                    Content = new StringContent(new JsonObject { [member] = "" }.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                var response = await admin.SendAsync(request);
                probed++;
                if (response.StatusCode != HttpStatusCode.BadRequest) continue;
                var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]?.AsObject();
                var refused = errors?.Any(e => string.Equals(e.Key, member, StringComparison.OrdinalIgnoreCase)) == true;
                if (refused && (property!["minLength"]?.GetValue<int>() ?? 0) < 1)
                    gaps.Add($"{verb.ToUpperInvariant()} {path}: {name}.{member} is refused empty but has no minLength");
            }
        probed.ShouldBeGreaterThan(40);
        gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Closed_sets_are_enums_and_the_server_holds_to_them()
    {
        var document = await Document();
        var gaps = new List<string>();
        // Rounds and event types, wherever they are: members, list items and parameters.
        static bool IsEnum(JsonObject document, JsonNode? schema)
        {
            var resolved = Resolve(document, schema).Schema;
            return resolved?["enum"] is JsonArray { Count: > 0 } || resolved?["items"] is { } items && Resolve(document, items).Schema?["enum"] is JsonArray { Count: > 0 };
        }
        foreach (var (name, schema) in Schemas(document))
            foreach (var (member, property) in schema!["properties"]?.AsObject() ?? [])
                if ((member is "round" or "types" || member == "type" && name != "ApiProblem") && !IsEnum(document, property))
                    gaps.Add($"{name}.{member}");
        foreach (var (path, verb, operation) in Operations(document))
            foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
                if (parameter["name"]!.GetValue<string>() == "round" && !IsEnum(document, parameter["schema"]))
                    gaps.Add($"{verb} {path} ?{parameter["name"]}");
        gaps.ShouldBeEmpty();

        // What the feed serves is in the enum, and what is outside an enum is refused.
        var eventTypes = Resolve(document, Schemas(document)["Event"]!["properties"]!["type"]).Schema!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet();
        var feed = JsonNode.Parse(await api.Admin().GetStringAsync("/api/v1/events?limit=500"))!["items"]!.AsArray();
        feed.Count.ShouldBeGreaterThan(0);
        foreach (var item in feed) eventTypes.ShouldContain(item!["type"]!.GetValue<string>());
        var webhook = await api.Admin().PostAsync("/api/v1/webhooks", new StringContent("""{"url":"https://example.org/hook","types":["risk.renamed"]}""", Encoding.UTF8, "application/json"));
        webhook.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var round = await api.Admin().PutAsync("/api/v1/plans/1/follow-ups/3/report", new StringContent("""{"date":"2023-06-01","paragraph":"§ 1","caseNumber":"1"}""", Encoding.UTF8, "application/json"));
        round.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_request_list_has_max_items_as_the_server_holds_it_and_item_bounds_on_its_items()
    {
        var document = await Document();
        var gaps = new List<string>();
        // No list carries a number's bounds itself (a minimum on an array means nothing): they belong on its items.
        void NoBoundsOnLists(JsonNode? node, string at)
        {
            if (node is JsonObject obj)
            {
                if (HasType(obj, "array") && (obj["minimum"] is not null || obj["maximum"] is not null)) gaps.Add($"{at}: minimum/maximum on a list");
                foreach (var (key, value) in obj) NoBoundsOnLists(value, $"{at}/{key}");
            }
            else if (node is JsonArray array) for (var i = 0; i < array.Count; i++) NoBoundsOnLists(array[i], $"{at}/{i}");
        }
        NoBoundsOnLists(document, "#");
        var admin = api.Admin();
        var lists = 0;
        foreach (var (path, verb, name, schema) in RequestBodies(document))
            foreach (var (member, property) in schema["properties"]!.AsObject())
            {
                if (!HasType(property!.AsObject(), "array")) continue;
                lists++;
                if (property["maxItems"]?.GetValue<int>() is not { } max) { gaps.Add($"{verb.ToUpperInvariant()} {path}: {name}.{member} has no maxItems"); continue; }
                // The limit is the server's: one item more is refused, naming the member.
                var items = Resolve(document, property["items"]).Schema!;
                JsonNode Item(int i) => items["enum"] is JsonArray values ? values[i % values.Count]!.DeepClone() : HasType(items, "integer") ? JsonValue.Create(i + 1) : JsonValue.Create($"x{i}");
                var body = new JsonObject { [member] = new JsonArray([.. Enumerable.Range(0, max + 1).Select(Item)]) };
                var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), Fill(path))
                {
                    Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
                });
                var errors = response.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]?.AsObject() : null;
                if (errors?.Any(e => string.Equals(e.Key, member, StringComparison.OrdinalIgnoreCase)) != true)
                    gaps.Add($"{verb.ToUpperInvariant()} {path}: {name}.{member} with {max + 1} items was not refused naming it ({(int)response.StatusCode})");
            }
        foreach (var (path, verb, operation) in Operations(document))
            foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
                if (HasType(parameter["schema"]?.AsObject(), "array") && parameter["schema"]!["maxItems"] is null)
                    gaps.Add($"{verb} {path} ?{parameter["name"]} has no maxItems");
        lists.ShouldBeGreaterThan(2);
        gaps.ShouldBeEmpty();
    }

    // ---- problems, versions, negotiation ----------------------------------------------------------------------------

    [Fact]
    public async Task Every_problem_type_the_service_answers_resolves_to_a_page_anyone_may_read()
    {
        var document = await Document();
        var anonymous = api.CreateClient();
        var admin = api.Admin();
        // Problems of every kind the document declares that a test can provoke, and their type URIs.
        var provoked = new List<HttpResponseMessage>
        {
            await anonymous.GetAsync("/api/v1/plans"),                                                         // 401
            await api.WithKey("not-a-key").GetAsync("/api/v1/plans"),                                          // 401, another title
            await admin.GetAsync("/api/v1/plans/999999"),                                                      // 404
            await admin.GetAsync("/api/v1/plans?year=nineteen"),                                               // 400
            await admin.PostAsync("/api/v1/units", new StringContent("<unit/>", Encoding.UTF8, "application/xml")),   // 415
            await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/plans") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/csv") } } }),   // 406
        };
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var response in provoked)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}");
            types.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        }
        types.Count.ShouldBeGreaterThanOrEqualTo(5, string.Join(", ", types));
        foreach (var type in types)
        {
            type.ShouldNotBe("about:blank");
            var page = await anonymous.GetAsync(new Uri(anonymous.BaseAddress!, type));   // resolved against the request's address (RFC 9457)
            page.StatusCode.ShouldBe(HttpStatusCode.OK, type);
            page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html", type);
            page.Headers.CacheControl?.Public.ShouldBe(true, type);
        }
        // Every status the document declares as a problem has such a type: one provoked, the rest by the same rule.
        var statuses = Operations(document).SelectMany(o => o.Operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture))).Where(s => s >= 400).ToHashSet();
        var pattern = types.First()[..(types.First().LastIndexOf('/') + 1)];
        foreach (var status in statuses)
        {
            var name = RiskRegister.Api.Infrastructure.ApiProblem.For(new Microsoft.AspNetCore.Http.DefaultHttpContext(), status).Type;
            name.ShouldStartWith(pattern, customMessage: $"{status}");
            (await anonymous.GetAsync(name)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{status}: {name}");
        }
    }

    [Fact]
    public async Task The_version_is_semantic()
    {
        var version = (await Document())["info"]!["version"]!.GetValue<string>();
        version.ShouldMatch(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$");
        version.Split('.')[0].ShouldNotBe("0");
    }

    [Fact]
    public async Task An_accept_an_operation_cannot_answer_is_406_and_every_operation_with_a_body_declares_it()
    {
        var document = await Document();
        var admin = api.Admin();
        var gaps = new List<string>();
        var asked = 0;
        foreach (var (path, verb, operation) in Operations(document))
        {
            var offered = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).SelectMany(r => r.Value!["content"]?.AsObject().Select(c => c.Key) ?? []).ToList();
            if (offered.Count == 0) continue;
            var declared = operation["responses"]!["406"] is not null;
            var unanswerable = new[] { "text/csv", "text/html", "application/xml" }.First(t => !offered.Contains(t));
            var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), Fill(path))
            {
                Headers = { Accept = { new MediaTypeWithQualityHeaderValue(unanswerable) } },
                Content = verb is "get" or "delete" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            var client = operation["security"] is JsonArray { Count: 0 } ? api.CreateClient() : admin;
            var response = await client.SendAsync(request);
            asked++;
            var answered = (int)response.StatusCode;
            if (answered == 406)
            {
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                if (!declared) gaps.Add($"{verb} {path} answers 406 but does not declare it");
            }
            else if (path.StartsWith("/health", StringComparison.Ordinal)) { }   // a load balancer reads only the status (Negotiation.Offered)
            else if (response.IsSuccessStatusCode)
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                if (type != unanswerable) gaps.Add($"{verb} {path} asked for {unanswerable} answered {answered} {type}");
            }
            else
                gaps.Add($"{verb} {path} asked for {unanswerable} answered {answered}, not 406");
            if (!declared && !path.StartsWith("/health", StringComparison.Ordinal)) gaps.Add($"{verb} {path} answers a body but does not declare 406");
        }
        asked.ShouldBeGreaterThan(40);
        gaps.Distinct().ShouldBeEmpty();
        // What an operation does offer is still answered.
        var csv = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/follow-up-status?year=2023") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/csv") } } });
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var any = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/plans") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/*") } } });
        any.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>Whatever the rate limiter answers is declared, operation by operation: the readiness check among them.</summary>
public sealed class RateLimitContractTests(RateLimitedContractFixture api) : IClassFixture<RateLimitedContractFixture>
{
    [Fact]
    public async Task Every_operation_that_can_answer_429_declares_it_and_only_those()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
        var admin = api.Admin();
        var anonymous = api.CreateClient();
        // Spend both windows: the admin client's and the address's.
        for (var i = 0; i < RateLimitedContractFixture.PermitsPerMinute + 1; i++)
        {
            await admin.GetAsync("/api/v1/me");
            await anonymous.GetAsync("/api/v1/me");
            await anonymous.GetAsync("/api/v1/public/plans");
        }
        var gaps = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (verb, operation) in item!.AsObject().Where(o => o.Key is "get" or "put" or "post" or "delete" or "patch"))
            {
                var client = operation!["security"] is JsonArray { Count: 0 } ? anonymous : admin;
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), Regex.Replace(path, @"\{[^}]+\}", "1")));
                var declared = operation["responses"]!["429"] is not null;
                var limited = response.StatusCode == HttpStatusCode.TooManyRequests;
                if (limited != declared)
                    gaps.Add($"{verb} {path}: answered {(int)response.StatusCode} with the window spent, declares 429: {declared}");
            }
        gaps.ShouldBeEmpty();
    }
}
