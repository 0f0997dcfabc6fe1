using System.Collections.Frozen;

namespace RiskRegister.Api.Domain;

/// <summary>Risk level (risknivå) from the scale's bands.</summary>
public enum RiskLevel { Green, Yellow, Red }

/// <summary>Hanteringsmetod. <c>none</c> is for the lower risks that are listed but not handled.</summary>
public enum HandlingMethod { None, Bevakning, Granskning, Atgard }

/// <summary>Status för genomförd hantering (uppföljning 1), also an activity's status.</summary>
public enum HandlingStatus { NotStarted, InProgress, Done }

/// <summary>How a riskvärde moved against the previous assessment.</summary>
public enum Trend { Increased, Unchanged, Decreased }

/// <summary>
/// A plan is a draft until its nämnd adopts it (fastställd); <c>revising</c> while a revision of the adopted plan is open;
/// closed after uppföljning 2.
/// </summary>
public enum PlanStatus { Draft, Adopted, Revising, Closed }

/// <remarks>
/// The levels of a region's organisation the register holds, named in English in the API (<c>board</c>,
/// <c>administration</c>) and in Swedish in the region's documents. (A remark, not a summary: the OpenAPI document
/// shows summaries, and its UnitKind schema stays as it is.)
/// </remarks>
public enum UnitKind
{
    /// <summary><c>board</c>: a nämnd, the political board that adopts the plans of the units under it (and its own).</summary>
    Board,
    /// <summary><c>administration</c>: a förvaltning under a nämnd.</summary>
    Administration,
    /// <summary><c>department</c>: a verksamhetsområde, område or enhet under a förvaltning or another department.</summary>
    Department,
}

/// <summary>The role of an API client.</summary>
public enum ClientRole { Admin, Registrator, Auditor, System }

public static class EnumText
{
    /// <summary>The API and database spelling of an enum value: lower camelCase (<c>notStarted</c>, <c>atgard</c>).</summary>
    public static string ToApi<T>(this T value) where T : struct, Enum => Names<T>.Of[value];

    /// <summary>The same, for an enum known only at run time (the OpenAPI document, error messages).</summary>
    public static string ToApi(this Enum value) => Spell(value.ToString());

    /// <summary>The value whose API spelling is exactly <paramref name="text"/> (case and all), if any.</summary>
    public static bool TryFromApiExactly<T>(string? text, out T value) where T : struct, Enum =>
        Names<T>.ByName.TryGetValue(text ?? "", out value);

    private static string Spell(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    // Spelled once per type: values are written in every answer and read in every body.
    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Of =
            Enum.GetValues<T>().ToDictionary(v => v, v => Spell(v.ToString())).ToFrozenDictionary();

        public static readonly FrozenDictionary<string, T> ByName =
            Of.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>An enum value from its API and database spelling, as Dapper reads it (case-insensitive).</summary>
    public static T FromApi<T>(string text) where T : struct, Enum =>
        Names<T>.ByName.TryGetValue(text, out var value) ? value : Enum.Parse<T>(text, ignoreCase: true);
}
