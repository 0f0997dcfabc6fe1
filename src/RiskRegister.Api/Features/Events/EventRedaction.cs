using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RiskRegister.Api.Features.Events;

/// <summary>
/// An event's data about a marked risk as a reader outside the register gets it (<see cref="SecrecyRules.Redact"/> for
/// the JSON the history holds): only the members the domain records declare <see cref="ShownWhenRedactedAttribute"/> are
/// kept, under the names the API shows them, so a member added later stays out until it is declared safe. The title
/// reads <see cref="SecrecyRules.RedactedTitle"/>.
/// </summary>
public static class EventRedaction
{
    // Ids, values, levels, methods, statuses, dates: what a redacted risk keeps (api.md, the redacted form), named as the
    // views write them.
    // A control of a marked risk is redacted with it (its events carry the risk's id): its declared members are kept too.
    internal static readonly FrozenSet<string> Kept = SecrecyRules.ShownMembers(typeof(Risk)).Concat(SecrecyRules.ShownMembers(typeof(Control)))
        .SelectMany(m => m.ShownAs.Prepend(JsonNamingPolicy.CamelCase.ConvertName(m.Member.Name)))
        .ToFrozenSet(StringComparer.Ordinal);

    // A shown map is values keyed by names that are no secret (a risk's consequence per area): kept whole.
    internal static readonly FrozenSet<string> KeptWhole = SecrecyRules.ShownMembers(typeof(Risk)).Concat(SecrecyRules.ShownMembers(typeof(Control)))
        .Where(m => m.Member.PropertyType.IsGenericType && m.Member.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        .Select(m => JsonNamingPolicy.CamelCase.ConvertName(m.Member.Name))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The data redacted; its title, if it has one, reads <paramref name="title"/> (by default a risk's).</summary>
    public static JsonObject Redact(JsonObject data, string title = SecrecyRules.RedactedTitle)
    {
        var redacted = new JsonObject();
        foreach (var (name, value) in data)
        {
            if (name == "title") redacted[name] = title;
            else if (KeptWhole.Contains(name)) redacted[name] = value?.DeepClone();
            else if (Kept.Contains(name)) redacted[name] = Redact(value);
        }
        return redacted;
    }

    /// <summary>An open risk's data, less the note and author of a marking it once had.</summary>
    public static JsonObject WithoutMarkingDetails(JsonObject data)
    {
        if (data["secrecy"] is JsonObject secrecy)
        {
            secrecy.Remove("note");
            secrecy.Remove("markedBy");
        }
        return data;
    }

    private static JsonNode? Redact(JsonNode? node) => node switch
    {
        JsonObject o => Redact(o),
        JsonArray a => new JsonArray(a.Select(Redact).ToArray()),
        _ => node?.DeepClone(),
    };
}
