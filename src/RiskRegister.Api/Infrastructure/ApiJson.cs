using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskRegister.Api.Infrastructure;

/// <summary>The one JSON shape of the API: camelCase, enums as lower camelCase strings, dates as YYYY-MM-DD.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Unknown enum values must fail: integers are not accepted in place of the names.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
