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
        // å, ä and ö as themselves, not \u00e5: a third of the bytes for Swedish text, in answers and in stored history.
        // What HTML gives meaning to (<, >, &, ') is still escaped.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        options.Converters.Add(new ApiEnumConverter());
        options.Converters.Add(new TextConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}

/// <summary>
/// Enum values exactly as the contract spells them (<c>granskning</c>, <c>inProgress</c>): System.Text.Json's own
/// converter also accepts <c>Granskning</c>, <c>ATGARD</c> and integers, which the contract forbids and clients would
/// then come to rely on. A value that is not one of the names fails like any other conversion (<c>400</c> naming the
/// field and the allowed values, see <see cref="ApiProblem"/>).
/// </summary>
public sealed class ApiEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumText.TryFromApiExactly<T>(reader.GetString(), out var value)
                ? value
                : throw new JsonException();   // System.Text.Json adds the path and the target type

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToApi());
    }
}

/// <summary>
/// Strings as every text field takes them, with one rule for all: no NUL character (<c>\u0000</c>). It would satisfy
/// a required field while reading as empty, end strings early in C libraries, and is never part of a Swedish text.
/// </summary>
public sealed class TextConverter : JsonConverter<string>
{
    public const string NulRefused = "Must not contain the NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();   // "Must be a string." (see ApiProblem)
        var text = reader.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(NulRefused) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The contract's enum spelling for route and query values, as ApiEnumConverter has it for JSON bodies.</summary>
public static class ApiEnum
{
    /// <summary>Registers a strict query and route parser for every enum of the domain (and its nullable form).</summary>
    public static void RegisterParsers(BindingOptions binding)
    {
        foreach (var type in typeof(ApiEnum).Assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == typeof(PlanStatus).Namespace))
        {
            var parse = typeof(ApiEnum).GetMethod(nameof(Parser), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).CreateDelegate<Func<Microsoft.Extensions.Primitives.StringValues, ParseResult>>();
            binding.ValueParserFor(type, parse);
            binding.ValueParserFor(typeof(Nullable<>).MakeGenericType(type), parse);
        }
    }

    private static ParseResult Parser<T>(Microsoft.Extensions.Primitives.StringValues input) where T : struct, Enum =>
        EnumText.TryFromApiExactly<T>(input.ToString(), out var value) ? new ParseResult(true, value) : new ParseResult(false, null);
}
