using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RiskRegister.Api.History;

/// <summary>
/// Long texts in history, each kept once (issue 22: 3,000 changes alternating two 8,000-character texts grew the
/// register 79 KiB a write, each keeping both texts whole). A text over <see cref="Threshold"/> characters in a history
/// row's before or after is stored in <c>history_texts</c> under its SHA-256, and the row holds
/// <c>{"$text":"&lt;hash&gt;"}</c> in its place; readers of history (the history pages, the event feed, webhook
/// deliveries) put the texts back before parsing, so every answer is as before: the whole before and after.
/// The reference cannot be mistaken for a client's text: inside a JSON string its quotes would be escaped.
/// </summary>
public static partial class HistoryTexts
{
    /// <summary>Texts longer than this (in characters) are kept once; shorter ones cost less inline than a reference.</summary>
    public const int Threshold = 1024;

    private const string Marker = "$text";

    /// <summary>
    /// <paramref name="value"/> as history stores it: its JSON with each long text replaced by a reference, and the
    /// texts referred to (to store with <see cref="StoreAsync"/>).
    /// </summary>
    internal static string? Compact(object? value, JsonSerializerOptions json, Dictionary<string, string> texts)
    {
        if (value is null) return null;
        var whole = JsonSerializer.Serialize(value, json);
        // No text in it can be long: the common case, kept as it was serialized.
        if (whole.Length <= Threshold) return whole;
        var node = JsonNode.Parse(whole)!;
        return Replace(node, texts) ? node.ToJsonString(json) : whole;
    }

    /// <summary>Replaces the long texts inside <paramref name="node"/> by references; true when it replaced any.</summary>
    private static bool Replace(JsonNode node, Dictionary<string, string> texts)
    {
        var replaced = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                    if (obj[name] is { } child)
                    {
                        if (Reference(child, texts) is { } reference) { obj[name] = reference; replaced = true; }
                        else replaced |= Replace(child, texts);
                    }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } item)
                    {
                        if (Reference(item, texts) is { } reference) { array[i] = reference; replaced = true; }
                        else replaced |= Replace(item, texts);
                    }
                break;
        }
        return replaced;
    }

    private static JsonObject? Reference(JsonNode node, Dictionary<string, string> texts)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>() is not { Length: > Threshold } text)
            return null;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        texts[hash] = text;
        return new JsonObject { [Marker] = hash };
    }

    /// <summary>Stores the texts a history row refers to; a text stored before stays as it is.</summary>
    internal static async Task StoreAsync(IDbConnection connection, IDbTransaction transaction, Dictionary<string, string> texts, CancellationToken ct)
    {
        foreach (var (hash, text) in texts)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO history_texts (hash, text) VALUES (@hash, @text) ON CONFLICT (hash) DO NOTHING",
                new { hash, text }, transaction, cancellationToken: ct));
    }

    [GeneratedRegex("""\{"\$text":"(?<hash>[0-9a-f]{64})"\}""")]
    private static partial Regex Reference();

    /// <summary>Puts the long texts back into rows read from history (their before and after as stored).</summary>
    internal static async Task ExpandAsync(IDbConnection connection, IReadOnlyCollection<Features.History.HistoryRow> rows, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
            foreach (var json in new[] { row.BeforeJson, row.AfterJson })
                if (json is not null && json.Contains("{\"$text\":\"", StringComparison.Ordinal))
                    foreach (Match m in Reference().Matches(json)) hashes.Add(m.Groups["hash"].Value);
        if (hashes.Count == 0) return;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(100))
            foreach (var (hash, text) in await connection.QueryAsync<(string Hash, string Text)>(new CommandDefinition(
                         $"SELECT hash, text FROM history_texts WHERE {SqlDialect.InList(connection, "hash", "@hashes")}",
                         new { hashes = chunk }, transaction, cancellationToken: ct)))
                texts[hash] = text;
        foreach (var row in rows)
        {
            row.BeforeJson = Expand(row.BeforeJson, texts);
            row.AfterJson = Expand(row.AfterJson, texts);
        }
    }

    internal static string? Expand(string? json, IReadOnlyDictionary<string, string> texts) =>
        json is null || !json.Contains("{\"$text\":\"", StringComparison.Ordinal) ? json
        : Reference().Replace(json, m => texts.TryGetValue(m.Groups["hash"].Value, out var text)
            ? JsonSerializer.Serialize(text, HistoryLog.Json) : m.Value);
}
