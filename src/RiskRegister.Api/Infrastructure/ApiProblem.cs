using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation.Results;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// An RFC 9457 problem response (<c>application/problem+json</c>). For <c>400</c> and <c>409</c>,
/// <see cref="Errors"/> names each field (or rule) and why it was refused.
/// </summary>
public sealed partial class ApiProblem
{
    /// <summary>A URI reference identifying the kind of problem: <c>/problems/{name}</c>, a page that explains it (resolved against the request's address).</summary>
    public string Type { get; init; } = "about:blank";

    /// <summary>Short summary of the kind of problem.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong in this occurrence.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    /// <summary>The request path.</summary>
    public string? Instance { get; init; }

    /// <summary>Reasons keyed by field name (<c>probability</c>, <c>risks[2].motivation</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string[]>? Errors { get; init; }

    /// <summary>Correlates the response with the service's log.</summary>
    public string? TraceId { get; init; }

    public static string TitleFor(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "An API key or a valid bearer token is required.",
        403 => "Your role may not do this.",
        404 => "Not found.",
        405 => "Method not allowed.",
        406 => "The operation cannot answer in the media type asked for.",
        409 => "The resource's state forbids this change.",
        412 => "The resource has changed since you read it.",
        413 => "The request body is too large.",
        414 => "The request's address is too long.",
        415 => "Unsupported media type.",
        422 => "The request cannot be processed as sent.",
        429 => "Too many requests.",
        431 => "The request's headers are too large.",
        503 => "The service cannot answer now.",
        507 => "The register's storage is full.",
        _ => "The request failed.",
    };

    public const string KeyNotValid = "The API key is not valid.";

    public static ApiProblem For(HttpContext context, int status, string? detail = null, Dictionary<string, string[]>? errors = null) => new()
    {
        Type = ProblemTypes.For(status),
        Title = status == 401 && SentKey(context) ? KeyNotValid : TitleFor(status),
        Status = status,
        Detail = detail ?? DefaultDetail(context, status),
        Instance = context.Request.Path,
        Errors = errors,
        TraceId = context.TraceIdentifier,
    };

    // A client that sent a key needs to hear that the key is wrong, not that one is missing.
    private static bool SentKey(HttpContext context) =>
        !string.IsNullOrWhiteSpace(context.Request.Headers[RiskRegister.Api.Auth.ApiKeyAuthentication.Header].ToString());

    private static string? DefaultDetail(HttpContext context, int status) => status switch
    {
        401 when SentKey(context) => "The key sent in X-Api-Key is unknown or revoked. An admin creates keys with POST /api/v1/clients.",
        401 => "Send the client's key in the X-Api-Key header.",
        415 => "Send the body as JSON in UTF-8, with the header Content-Type: application/json.",
        _ => null,
    };

    /// <summary>FastEndpoints' error builder: validation failures become problem details keyed by field.</summary>
    public static object FromFailures(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var errors = failures
            .GroupBy(f => Field(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => Readable(f.ErrorMessage)).Distinct().ToArray());
        var detail = status == 409 ? "The change breaks the rules listed in errors." : "See errors for each field.";
        return For(context, status, detail, errors);
    }

    // FastEndpoints names JSON errors by the request DTO's property; clients know the JSON names.
    private static string Field(string name) =>
        string.IsNullOrEmpty(name) ? "request" : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>
    /// System.Text.Json's messages name .NET types; a region developer needs to know what the field accepts.
    /// </summary>
    internal static string Readable(string message)
    {
        var conversion = ConversionError().Match(message);
        if (conversion.Success)
        {
            var typeName = NullableWrapper().Replace(conversion.Groups["type"].Value, "${inner}");
            var type = typeof(ApiProblem).Assembly.GetType(typeName);
            if (type is { IsEnum: true })
                return "Must be one of: " + string.Join(", ", Enum.GetValues(type).Cast<Enum>().Select(v => v.ToApi())) + ".";
            return typeName switch
            {
                "System.DateOnly" => "Must be a date written YYYY-MM-DD.",
                "System.Int32" or "System.Int64" => "Must be a whole number.",
                "System.String" => "Must be a string.",
                _ => "Has the wrong type or format.",
            };
        }
        var binding = RouteOrQueryError().Match(message);
        if (binding.Success)
        {
            var typeName = binding.Groups["type"].Value;
            var type = typeof(ApiProblem).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == typeName);
            if (type is not null)
                return "Must be one of: " + string.Join(", ", Enum.GetValues(type).Cast<Enum>().Select(v => v.ToApi())) + ".";
            return typeName is "Int32" or "Int64" ? "Must be a whole number." : $"\"{binding.Groups["value"].Value}\" is not a valid value.";
        }
        if (message.Contains("as a number", StringComparison.Ordinal) || message.Contains("out of bounds for an Int", StringComparison.Ordinal))
            return "Must be a whole number.";
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return "Sent more than once; send each member once.";
        if (message.Contains("as a string", StringComparison.Ordinal))
            return "Must be a string.";
        if (message.Contains("LineNumber", StringComparison.Ordinal))
            return "The body is not valid JSON: " + message[..message.IndexOf("LineNumber", StringComparison.Ordinal)].TrimEnd(' ', '|', '.') + ".";
        return message;
    }

    [GeneratedRegex(@"could not be converted to (?<type>[^ ]+?)\. Path")]
    private static partial Regex ConversionError();

    [GeneratedRegex(@"^Value \[(?<value>.*)\] is not valid for a \[(?<type>[^\]]+)\] property!$")]
    private static partial Regex RouteOrQueryError();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullableWrapper();

    public static Task WriteAsync(HttpContext context, int status, string? detail = null, Dictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(For(context, status, detail, errors), ApiJson.Options, "application/problem+json");
    }
}
