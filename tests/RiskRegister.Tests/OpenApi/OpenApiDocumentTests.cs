using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RiskRegister.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document is the contract region systems generate clients from: it must match the committed
/// copy in openapi/, and describe every endpoint the way it really behaves.
/// </summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options"];

    private async Task<JsonNode> Served()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");   // no key: the contract is public
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<IEnumerable<(string Path, string Verb, JsonObject Operation)>> Operations()
    {
        var document = await Served();
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Verbs.Contains(op.Key))
                .Select(op => (path.Key, op.Key, op.Value!.AsObject())))
            .ToList();
    }

    [Fact]
    public async Task The_committed_document_is_the_served_one()
    {
        // Byte for byte: what a client downloads from /openapi/v1.json is what the repository holds.
        var served = await api.CreateClient().GetByteArrayAsync("/openapi/v1.json");
        var path = OpenApiFile.CommittedPath();
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
            await File.WriteAllBytesAsync(path, served);
        File.Exists(path).ShouldBeTrue($"{path} is missing: run `make openapi`.");
        var committed = await File.ReadAllBytesAsync(path);
        if (!committed.AsSpan().SequenceEqual(served))
            Assert.Fail($"openapi/riskregister.v1.json differs from the document the service serves "
                + $"(first difference near line {OpenApiFile.FirstDifferentLine(System.Text.Encoding.UTF8.GetString(committed), System.Text.Encoding.UTF8.GetString(served))}). "
                + "Run `make openapi` and commit the result (and review the change: it is the public contract).");
    }

    [Fact]
    public async Task The_document_and_the_interactive_page_need_no_key()
    {
        var client = api.CreateClient();
        (await client.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await client.GetAsync("/docs/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("\"url\":\"openapi/v1.json\"");   // resolved against the base path: /openapi/v1.json
    }

    [Fact]
    public async Task Every_route_of_the_service_is_in_the_document()
    {
        var document = await Served();
        var routes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Verb: m.ToLowerInvariant())))
            .ToList();
        routes.Count.ShouldBeGreaterThan(15);
        foreach (var (path, verb) in routes)
        {
            var template = System.Text.RegularExpressions.Regex.Replace(path, @"\{([A-Za-z0-9_]+)[^}]*\}", "{$1}");
            document["paths"]![template]?[verb].ShouldNotBeNull($"{verb.ToUpperInvariant()} {template} is served but not in the document");
        }
    }

    [Fact]
    public async Task The_document_lists_exactly_the_statuses_the_contract_guard_allows()
    {
        // The guard (ContractGuard, on every test's responses) and the document read the same declarations.
        var document = await Served();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FastEndpoints.EndpointDefinition>() is not null
                        && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();
        endpoints.Count.ShouldBeGreaterThan(25);
        foreach (var endpoint in endpoints)
        {
            var verb = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant();
            var path = System.Text.RegularExpressions.Regex.Replace("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{([A-Za-z0-9_]+)[^}]*\}", "{$1}");
            var documented = document["paths"]![path]![verb]!["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Order();
            RiskRegister.Api.Infrastructure.OpenApi.Answers.StatusesOf(endpoint, api.Services).Order().ShouldBe(documented, $"{verb} {path}");
        }
    }

    [Fact]
    public async Task A_write_declares_what_the_pipeline_answers_and_health_only_what_it_can()
    {
        var operations = (await Served())["paths"]!;
        var patch = operations["/api/v1/risks/{id}"]!["patch"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        // 422: the Idempotency-Key used with another request.
        patch.ShouldBe(["200", "400", "401", "403", "404", "406", "409", "412", "413", "414", "415", "422", "429", "431", "503", "507"]);
        operations["/api/v1/risks/{id}"]!["patch"]!["parameters"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        operations["/api/v1/risks/{id}"]!["patch"]!["responses"]!["429"]!["headers"]!["Retry-After"].ShouldNotBeNull();
        operations["/api/v1/plans/{id}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["200", "400", "401", "403", "404", "406", "413", "414", "429", "431", "503"]);
        operations["/health"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["200", "413", "414", "431", "503"]);
        // Readiness writes a probe, so it is counted per address (RateLimiting.Exempt); liveness is never limited.
        operations["/health/ready"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["200", "413", "414", "429", "431", "503"]);
        foreach (var (path, verb, operation) in await Operations())
            operation["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace($"{verb} {path}");
    }

    [Fact]
    public async Task Nullable_members_validate_null_timestamps_are_date_time_and_limits_are_bounds()
    {
        var document = await Served();
        document["openapi"]!.GetValue<string>().ShouldStartWith("3.1");
        var schemas = document["components"]!["schemas"]!;
        var decision = schemas["PlanView"]!["properties"]!["decision"]!["oneOf"]!.AsArray();
        decision.ShouldContain(c => c!["type"] != null && c["type"]!.GetValue<string>() == "null");
        decision.ShouldContain(c => c!["$ref"] != null && c["$ref"]!.GetValue<string>() == "#/components/schemas/Decision");
        foreach (var (schema, member) in new[] { ("PlanView", "createdAt"), ("PlanView", "closedAt"), ("RiskView", "updatedAt"), ("HistoryItem", "at"), ("GetPlanSummaryResponse", "generatedAt"), ("ClientView", "revokedAt") })
            schemas[schema]!["properties"]![member]!["format"]!.GetValue<string>().ShouldBe("date-time", $"{schema}.{member}");
        var before = schemas["HistoryItem"]!["properties"]!["before"]!["type"]!.AsArray().Select(t => t!.GetValue<string>());
        before.ShouldBe(["null", "object"], ignoreOrder: true);
        var limit = document["paths"]!["/api/v1/plans/{id}/history"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        (limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>()).ShouldBe((1, 500));
        var close = document["paths"]!["/api/v1/plans/{id}/closure"]!["post"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "id")!;
        close["schema"]!["type"]!.GetValue<string>().ShouldBe("integer");
        foreach (var named in new[] { "SummaryPlan", "LowerRisk", "FollowUpStatusRow", "RoundStatus", "ValueChange", "MatrixCell" })
            schemas[named].ShouldNotBeNull(named);
    }

    [Fact]
    public async Task Reading_a_plan_takes_its_id_from_the_path_and_has_no_body()
    {
        var operation = (await Served())["paths"]!["/api/v1/plans/{id}"]!["get"]!;
        operation["operationId"]!.GetValue<string>().ShouldBe("GetPlan");
        var id = operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "id")!;
        id["in"]!.GetValue<string>().ShouldBe("path");
        id["required"]!.GetValue<bool>().ShouldBeTrue();
        id["schema"]!["type"]!.GetValue<string>().ShouldBe("integer");
        id["description"]!.GetValue<string>().ShouldBe("The plan's id.");
        operation["requestBody"].ShouldBeNull();
        operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/PlanView");
        operation["responses"]!["200"]!["headers"]!["ETag"].ShouldNotBeNull();
    }

    [Fact]
    public async Task No_get_or_delete_has_a_body_and_route_values_are_not_repeated_in_bodies()
    {
        var document = await Served();
        foreach (var (path, verb, operation) in await Operations())
        {
            if (verb is "get" or "delete") operation["requestBody"].ShouldBeNull($"{verb} {path}");
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() is not { } body) continue;
            var properties = document["components"]!["schemas"]![body.Split('/')[^1]]!["properties"]?.AsObject();
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                (properties?.ContainsKey(parameter!["name"]!.GetValue<string>()) ?? false).ShouldBeFalse($"{verb} {path}: {parameter!["name"]} is both a parameter and in the body");
        }
    }

    [Fact]
    public async Task Every_operation_but_health_and_the_public_excerpt_needs_the_api_key()
    {
        var document = await Served();
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        scheme["type"]!.GetValue<string>().ShouldBe("apiKey");
        scheme["in"]!.GetValue<string>().ShouldBe("header");
        scheme["name"]!.GetValue<string>().ShouldBe("X-Api-Key");
        foreach (var (path, verb, operation) in await Operations())
        {
            // The load balancer's checks and the public excerpt (offentlighetsprincipen) are read without a key.
            if (path is "/health" or "/health/ready" || path.StartsWith("/api/v1/public/", StringComparison.Ordinal))
            {
                operation["security"]!.AsArray().ShouldBeEmpty();
                continue;
            }
            operation["security"]!.AsArray().ShouldContain(s => s!.AsObject().ContainsKey("ApiKey"), $"{verb} {path}");
            operation["responses"]!["401"].ShouldNotBeNull($"{verb} {path}");
            operation["responses"]!["403"].ShouldNotBeNull($"{verb} {path}");
        }
    }

    [Fact]
    public async Task Operations_by_id_answer_404_with_problem_details()
    {
        foreach (var (path, verb, operation) in (await Operations()).Where(o => o.Path.Contains('{')))
        {
            var schema = operation["responses"]!["404"]?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
            schema.ShouldBe("#/components/schemas/ApiProblem", $"{verb} {path}");
        }
    }

    [Fact]
    public async Task Every_error_response_is_problem_details_and_every_success_has_a_schema()
    {
        foreach (var (path, verb, operation) in await Operations())
        foreach (var (code, response) in operation["responses"]!.AsObject())
        {
            if (code.StartsWith('4'))
                response!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/ApiProblem");
            else if (code is "200" or "201")
                response!["content"]!.AsObject().Count.ShouldBeGreaterThan(0, $"{verb} {path} {code}");
        }
    }

    [Fact]
    public async Task Writes_that_honour_if_match_document_it_and_412()
    {
        var operation = (await Served())["paths"]!["/api/v1/risks/{id}"]!["patch"]!;
        operation["parameters"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header");
        operation["responses"]!["412"].ShouldNotBeNull();
        operation["responses"]!["409"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Enums_are_their_lower_camel_case_strings()
    {
        var schemas = (await Served())["components"]!["schemas"]!;
        Values(schemas["PlanStatus"]!).ShouldBe(["draft", "adopted", "revising", "closed"]);
        Values(schemas["HandlingMethod"]!).ShouldBe(["none", "bevakning", "granskning", "atgard"]);
        Values(schemas["HandlingStatus"]!).ShouldBe(["notStarted", "inProgress", "done"]);
        Values(schemas["Trend"]!).ShouldBe(["increased", "unchanged", "decreased"]);
        Values(schemas["RiskLevel"]!).ShouldBe(["green", "yellow", "red"]);
        schemas["PlanStatus"]!["type"]!.GetValue<string>().ShouldBe("string");

        static string[] Values(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task Query_parameters_are_typed_and_described()
    {
        var parameters = (await Served())["paths"]!["/api/v1/plans"]!["get"]!["parameters"]!.AsArray();
        parameters.Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["unitId", "year", "status", "limit", "cursor"]);
        parameters.ShouldAllBe(p => p!["in"]!.GetValue<string>() == "query");
        parameters.Single(p => p!["name"]!.GetValue<string>() == "status")!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/PlanStatus");
        parameters.Single(p => p!["name"]!.GetValue<string>() == "year")!["schema"]!["format"]!.GetValue<string>().ShouldBe("int32");
        parameters.ShouldAllBe(p => !string.IsNullOrEmpty(p!["description"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Required_members_are_marked_and_docs_come_from_xml_comments()
    {
        var schemas = (await Served())["components"]!["schemas"]!;
        var required = schemas["RiskView"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        required.ShouldContain("score");
        required.ShouldContain("level");
        required.ShouldContain("followUp1");      // always sent: null until recorded
        schemas["RiskView"]!["properties"]!["followUp1"]!["oneOf"]!.AsArray().ShouldContain(c => c!["type"] != null && c["type"]!.GetValue<string>() == "null");
        schemas["CreatePlanRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["unitId", "year"]);
        schemas["RiskView"]!["properties"]!["score"]!["description"]!.GetValue<string>().ShouldBe("Riskvärde: probability × consequence.");
    }

    [Fact]
    public async Task Operation_ids_are_method_names_from_the_feature_folders()
    {
        var ids = (await Operations()).Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[A-Z][A-Za-z0-9]+$"));
        ids.ShouldContain("CreatePlan");
        ids.ShouldContain("ListPlans");
        ids.ShouldContain("AdoptPlan");
        ids.ShouldContain("RecordFollowUp1");
        ids.ShouldContain("CreateRisk");
    }

    [Fact]
    public async Task Creating_answers_201_and_the_document_says_so()
    {
        var operation = (await Served())["paths"]!["/api/v1/plans"]!["post"]!;
        operation["responses"]!["201"]!["headers"]!["Location"].ShouldNotBeNull();
        operation["responses"]!["200"].ShouldBeNull();
        var response = await api.Admin().PostAsJsonAsync("/api/v1/units", new { name = "Nämnden", kind = "board" }, ApiFixture.Json);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

/// <summary>The committed document: where it is.</summary>
public static class OpenApiFile
{
    public static string CommittedPath() => Path.Combine(RepositoryRoot(), "openapi", "riskregister.v1.json");

    /// <summary>The checkout the tests run from: the folder that holds RiskRegister.sln.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskRegister.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RiskRegister.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FirstDifferentLine(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
            if (left[i] != right[i]) return i + 1;
        return Math.Min(left.Length, right.Length) + 1;
    }
}
