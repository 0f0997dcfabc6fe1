using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace RiskRegister.Api.Domain;

/// <summary>
/// A risk marked as holding information that may be secret under offentlighets- och sekretesslagen: advice for the
/// menprövning when the plan is asked for, with its legal ground (e.g. "OSL 18 kap. 8 §").
/// </summary>
public sealed record SecrecyMark([property: ShownWhenRedacted] string Ground, string? Note, [property: ShownWhenRedacted] string MarkedAt, string MarkedBy);

/// <summary>
/// Declares a member of a domain record safe to show a reader outside the register (a system client, a webhook, the
/// public) when its risk is marked secret: the one list of what a redacted risk keeps, read by the views' redaction
/// (<see cref="SecrecyRules.Redact"/>) and the events' (Features/Events/EventRedaction). Every member without it is
/// withheld (a text emptied, anything else left at its default), so a member added later stays out until someone
/// declares it safe. A shown member that is itself a record with declared members (or a list of them) is redacted in turn.
/// </summary>
/// <param name="shownAs">The names the API shows the member under where they differ from its own (a risk's value is its
/// probability, consequence, score and level), for redacting the JSON the history holds.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ShownWhenRedactedAttribute(params string[] shownAs) : Attribute
{
    public IReadOnlyList<string> ShownAs { get; } = shownAs;
}

/// <summary>How much of a marked risk a reader gets.</summary>
public enum Disclosure
{
    /// <summary>Everything, with the marking shown: admin, auditor, registrator.</summary>
    Full,
    /// <summary>A marked risk redacted (<see cref="SecrecyRules.Redact"/>): system clients, webhooks, the public excerpt.</summary>
    Redacted,
}

/// <summary>What of a marked risk may leave the register for a reader outside it.</summary>
public static class SecrecyRules
{
    /// <summary>The title a redacted risk carries in place of its own.</summary>
    public const string RedactedTitle = "Sekretessmarkerad risk";

    /// <summary>
    /// What marking with <paramref name="ground"/> and <paramref name="note"/> stores over <paramref name="current"/>
    /// (a risk's or a control's own marking): null when it is marked so already, and nothing changes.
    /// </summary>
    public static (string? Ground, string? Note)? Marking(SecrecyMark? current, string ground, string? note) =>
        current is { } mark && mark.Ground == ground && mark.Note == note ? null : (ground, note);

    /// <summary>What removing the marking stores over <paramref name="current"/>: null when there is none, and nothing changes.</summary>
    public static (string? Ground, string? Note)? Unmarking(SecrecyMark? current) => current is null ? null : (null, null);

    /// <summary>
    /// A marked risk as a reader outside the register gets it: the members declared <see cref="ShownWhenRedactedAttribute"/>
    /// stay (its id, values, handling method, activities' dates and statuses, follow-ups' values and statuses, the legal
    /// ground: the matrix and the counts need them, and they are not the secret); every other is left out: the title
    /// becomes <see cref="RedactedTitle"/>, the other texts empty. An unmarked risk is answered as it is.
    /// </summary>
    public static Risk Redact(Risk risk) => risk.Secrecy is null ? risk : Redaction.Redact(risk) with { Title = RedactedTitle };

    /// <summary>
    /// The members declared shown of <paramref name="root"/> and of the records it holds, with the names the API shows each
    /// under (<see cref="ShownWhenRedactedAttribute.ShownAs"/>).
    /// </summary>
    public static IEnumerable<(PropertyInfo Member, IReadOnlyList<string> ShownAs)> ShownMembers(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([root]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var member in type.GetProperties())
            {
                if (member.GetCustomAttribute<ShownWhenRedactedAttribute>() is not { } shown) continue;
                yield return (member, shown.ShownAs);
                if (Redaction.HeldRecord(member.PropertyType) is { } held) pending.Enqueue(held);
            }
        }
    }

    /// <summary>The risks as <paramref name="disclosure"/> lets them be read.</summary>
    public static List<Risk> As(this IEnumerable<Risk> risks, Disclosure disclosure) =>
        disclosure == Disclosure.Full ? risks.ToList() : risks.Select(Redact).ToList();

    /// <summary>Whether the risk leaves the register redacted for this reader.</summary>
    public static bool IsRedactedFor(this Risk risk, Disclosure disclosure) => disclosure == Disclosure.Redacted && risk.Secrecy is not null;
}

/// <summary>
/// Redacts a domain record by its <see cref="ShownWhenRedactedAttribute"/> declarations: a copy through its primary
/// constructor, with the shown members as they are (records with declarations of their own redacted in turn) and every
/// other member withheld. How each type is copied is worked out once.
/// </summary>
internal static class Redaction
{
    private static readonly ConcurrentDictionary<Type, Func<object, object>> Redactors = new();

    public static T Redact<T>(T record) where T : class => (T)Of<T>.Redact(record);

    private static class Of<T>
    {
        public static readonly Func<object, object> Redact = Redactors.GetOrAdd(typeof(T), Build);
    }

    /// <summary>The record a member holds (itself, or the element of a list) when that record declares shown members.</summary>
    public static Type? HeldRecord(Type type)
    {
        var held = Nullable.GetUnderlyingType(type) ?? type;
        if (held != typeof(string) && held.IsGenericType && typeof(IEnumerable).IsAssignableFrom(held)) held = held.GetGenericArguments()[0];
        return held.GetProperties().Any(p => p.IsDefined(typeof(ShownWhenRedactedAttribute))) ? held : null;
    }

    // Compiled once per type (a marked risk in every summary a system client reads costs a constructor call, not reflection).
    private static Func<object, object> Build(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var record = Expression.Parameter(typeof(object), "record");
        var typed = Expression.Convert(record, type);
        var members = constructor.GetParameters().Select(parameter =>
        {
            var member = type.GetProperty(parameter.Name!)
                ?? throw new InvalidOperationException($"{type.Name}'s parameter {parameter.Name} is no member: it cannot be redacted.");
            var value = member.IsDefined(typeof(ShownWhenRedactedAttribute)) ? Shown(Expression.Property(typed, member)) : Withheld(parameter, nullability);
            return value.Type == parameter.ParameterType ? value : Expression.Convert(value, parameter.ParameterType);
        });
        return Expression.Lambda<Func<object, object>>(Expression.Convert(Expression.New(constructor, members), typeof(object)), record).Compile();
    }

    private static Expression Shown(MemberExpression member)
    {
        if (HeldRecord(member.Type) is not { } held) return member;
        var redact = Expression.Constant(Redactors.GetOrAdd(held, Build));
        if (held == member.Type)
            return Expression.Condition(Expression.ReferenceEqual(member, Expression.Constant(null, held)), Expression.Constant(null, held),
                Expression.Convert(Expression.Invoke(redact, member), held));
        return Expression.Call(typeof(Redaction).GetMethod(nameof(RedactAll), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(held), member, redact);
    }

    private static List<T>? RedactAll<T>(IEnumerable<T>? records, Func<object, object> redact) where T : class =>
        records?.Select(r => (T)redact(r)).ToList();

    // A text becomes empty (null where it may be), a list empty, anything else its default.
    private static Expression Withheld(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var type = parameter.ParameterType;
        var nullable = !type.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable;
        return type == typeof(string) ? Expression.Constant(nullable ? null : "", type)
            : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && !nullable
                ? Expression.Constant(Array.CreateInstance(type.GetGenericArguments()[0], 0), type)
            : Expression.Default(type);
    }
}
