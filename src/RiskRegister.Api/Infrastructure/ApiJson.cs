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
        // Only what JSON requires is escaped (", \ and control characters): å, ä and ö as themselves, and a webhook
        // secret's "+" or a message's "resource's" as written, so what is copied from a terminal is what was sent.
        // (The JSON is never placed in HTML: answers are application/json with nosniff, the documents escape their own.)
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new ApiEnumConverter());
        options.Converters.Add(new TextConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // {"probability":9,…,"probability":1} is refused (400 naming the member): a gateway or log that reads the first
        // would judge another request than the one stored, which reads the last.
        options.AllowDuplicateProperties = false;
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
/// Strings as every text field takes them, with one rule for all: no C0 control character but tab and line breaks.
/// NUL (<c>\u0000</c>) would satisfy a required field while reading as empty and end strings early in C libraries;
/// ESC, BEL and the rest would reach terminals, CSV cells and logs; none is part of a Swedish text. Single-line fields
/// refuse tab and line breaks too (<see cref="TextRules.SingleLine{T}"/>).
/// </summary>
public sealed class TextConverter : JsonConverter<string>
{
    public const string NulRefused = "Must not contain the NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();   // "Must be a string." (see ApiProblem)
        var text = reader.GetString()!;
        foreach (var c in text)
        {
            if (c == '\0') throw new JsonException(NulRefused);
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
                throw new JsonException($"Must not contain the control character U+{(int)c:X4}; only tab and line breaks are allowed, and only in long texts.");
        }
        return text;
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
        // Ids and numbers in the path and the query are ASCII digits (after an optional minus): .NET's own parsing also
        // takes "+1", " 1" and "1 ", so DELETE /clients/+1 revoked client 1 under another spelling of its address.
        binding.ValueParserFor<long>(input => WholeNumber(input, long.MinValue, long.MaxValue));
        binding.ValueParserFor<long?>(input => WholeNumber(input, long.MinValue, long.MaxValue));
        binding.ValueParserFor<int>(input => WholeNumber(input, int.MinValue, int.MaxValue, asInt: true));
        binding.ValueParserFor<int?>(input => WholeNumber(input, int.MinValue, int.MaxValue, asInt: true));
    }

    /// <summary>An id from the path, as the bound ones are read (ASCII digits after an optional minus), for an endpoint that binds its own request.</summary>
    public static bool TryParseId(string? text, out long id)
    {
        var result = WholeNumber(text ?? "", long.MinValue, long.MaxValue);
        id = result.IsSuccess ? (long)result.Value! : 0;
        return result.IsSuccess;
    }

    private static ParseResult WholeNumber(Microsoft.Extensions.Primitives.StringValues input, long min, long max, bool asInt = false)
    {
        var text = input.ToString();
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.Length > 19 || digits.ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
            return new ParseResult(false, null);
        return asInt ? new ParseResult(true, (int)value) : new ParseResult(true, value);
    }

    private static ParseResult Parser<T>(Microsoft.Extensions.Primitives.StringValues input) where T : struct, Enum =>
        EnumText.TryFromApiExactly<T>(input.ToString(), out var value) ? new ParseResult(true, value) : new ParseResult(false, null);
}
