using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Globalization;
using FluentValidation.Validators;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>Where one request property comes from, the way FastEndpoints binds it.</summary>
public enum Source { Route, Query, Header, Body, Hidden }

/// <summary>One bindable property of a request DTO, with the limits its validator sets.</summary>
public sealed record Bound(PropertyInfo Property, string Name, Source Source, bool Required, Bounds Bounds);

/// <summary>The numeric and length limits a validator sets on a member (<c>InclusiveBetween</c>, <c>MaximumLength</c>, …).</summary>
public sealed record Bounds(decimal? Minimum = null, decimal? Maximum = null, int? MinLength = null, int? MaxLength = null,
    int? MaxItems = null, decimal? ItemMinimum = null, decimal? ItemMaximum = null, int? MinItems = null)
{
    public static readonly Bounds None = new();
}

/// <summary>
/// How FastEndpoints binds a request DTO for one route and verb: route values by name, <c>[QueryParam]</c>
/// properties (every property on GET/HEAD/DELETE, which have no body) from the query, <c>[FromHeader]</c> from headers,
/// claims and <c>[HideFromDocs]</c> never from the client, the rest from the JSON body.
/// Required: route values, <c>required</c> members, and members the endpoint's validator refuses when missing.
/// </summary>
public static partial class RequestShape
{
    public static IReadOnlyList<string> RouteParameters(string route) =>
        RouteParameter().Matches(route).Select(m => m.Groups[1].Value).ToList();

    public static bool HasBody(string verb) => verb is not ("GET" or "HEAD" or "DELETE");

    public static IReadOnlyList<Bound> Of(EndpointDefinition definition, string route, string verb, IServiceProvider services)
    {
        var type = definition.ReqDtoType;
        if (type is null || type == typeof(EmptyRequest) || type == typeof(object)) return [];
        var routeNames = new HashSet<string>(RouteParameters(route), StringComparer.OrdinalIgnoreCase);
        var (required, limits) = ReadValidator(definition, services);
        var bound = new List<Bound>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var bindName = property.GetCustomAttribute<BindFromAttribute>()?.Name;
            var jsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? bindName ?? CamelCase(property.Name);
            var isRequired = required.Contains(property.Name) || property.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute));
            var bounds = limits.GetValueOrDefault(property.Name, Bounds.None);
            if (routeNames.Contains(bindName ?? property.Name))
                bound.Add(new Bound(property, bindName ?? CamelCase(property.Name), Source.Route, true, bounds));
            else if (property.IsDefined(typeof(HideFromDocsAttribute)) || property.IsDefined(typeof(FromClaimAttribute))
                     || property.IsDefined(typeof(JsonIgnoreAttribute)) || property.SetMethod is not { IsPublic: true })
                bound.Add(new Bound(property, jsonName, Source.Hidden, false, bounds));
            else if (property.GetCustomAttribute<FromHeaderAttribute>() is { } header)
                bound.Add(new Bound(property, header.HeaderName ?? property.Name, Source.Header, header.IsRequired || isRequired, bounds));
            else if (property.IsDefined(typeof(QueryParamAttribute)) || !HasBody(verb))
                bound.Add(new Bound(property, bindName ?? CamelCase(property.Name), Source.Query, isRequired, bounds));
            else
                bound.Add(new Bound(property, jsonName, Source.Body, isRequired, bounds));
        }
        return bound;
    }

    /// <summary>
    /// Members the endpoint's validator refuses when missing (unconditional NotNull/NotEmpty), and the limits it sets
    /// (conditions such as <c>When(x => x.Limit is not null)</c> only skip a missing member, so its limits still hold).
    /// An unconditional NotEmpty is also a lower bound: one character, or one item. A <c>RuleForEach</c> bounds the
    /// items (<c>items.minimum</c>), not the list; <see cref="ListRules.MaxItems"/> bounds the list.
    /// </summary>
    private static (HashSet<string> Required, Dictionary<string, Bounds> Limits) ReadValidator(EndpointDefinition definition, IServiceProvider services)
    {
        // FastEndpoints names validated members in camelCase; compare without case.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var limits = new Dictionary<string, Bounds>(StringComparer.OrdinalIgnoreCase);
        if (definition.ValidatorType is null) return (names, limits);
        if (ActivatorUtilities.CreateInstance(services, definition.ValidatorType) is not IValidator validator) return (names, limits);
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            if (rule.PropertyName is not { } member) continue;
            var forEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            var bounds = limits.GetValueOrDefault(member, Bounds.None);
            foreach (var component in rule.Components)
            {
                var always = !component.HasCondition && !component.HasAsyncCondition;
                if (!forEach && always && component.Validator is INotNullValidator or INotEmptyValidator) names.Add(member);
                var limit = Limit(component.Validator);
                if (forEach)
                    bounds = bounds with { ItemMinimum = limit.Minimum ?? bounds.ItemMinimum, ItemMaximum = limit.Maximum ?? bounds.ItemMaximum };
                else
                    bounds = bounds with
                    {
                        Minimum = limit.Minimum ?? bounds.Minimum, Maximum = limit.Maximum ?? bounds.Maximum,
                        MinLength = limit.MinLength ?? bounds.MinLength, MaxLength = limit.MaxLength ?? bounds.MaxLength,
                        MaxItems = limit.MaxItems ?? bounds.MaxItems,
                    };
                // Refused empty: at least one character (a text) or one item (a list). A text's NotEmpty counts under a
                // condition too (`When(x => x.Title is not null)`: whenever it is sent it must not be empty); a list's
                // only without one (a registrator's unitIds are required, another role's must be empty).
                if (!forEach && component.Validator is INotEmptyValidator)
                    bounds = rule.TypeToValidate == typeof(string) ? bounds with { MinLength = Math.Max(bounds.MinLength ?? 0, 1) }
                        : always && typeof(System.Collections.IEnumerable).IsAssignableFrom(rule.TypeToValidate) ? bounds with { MinItems = 1 }
                        : bounds;
            }
            if (bounds != Bounds.None) limits[member] = bounds;
        }
        return (names, limits);
    }

    private static Bounds Limit(IPropertyValidator validator) => validator switch
    {
        IBetweenValidator { From: IConvertible from, To: IConvertible to } => new(Minimum: Convert.ToDecimal(from, CultureInfo.InvariantCulture), Maximum: Convert.ToDecimal(to, CultureInfo.InvariantCulture)),
        ILengthValidator length => new(MinLength: length.Min > 0 ? length.Min : null, MaxLength: length.Max > 0 ? length.Max : null),
        IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual, ValueToCompare: IConvertible min } => new(Minimum: Convert.ToDecimal(min, CultureInfo.InvariantCulture)),
        IComparisonValidator { Comparison: Comparison.GreaterThan, ValueToCompare: IConvertible above } when IsInteger(above) => new(Minimum: Convert.ToDecimal(above, CultureInfo.InvariantCulture) + 1),
        IComparisonValidator { Comparison: Comparison.LessThanOrEqual, ValueToCompare: IConvertible max } => new(Maximum: Convert.ToDecimal(max, CultureInfo.InvariantCulture)),
        IMaxItems list => new(MaxItems: list.MaxItems),
        _ => Bounds.None,
    };

    private static bool IsInteger(object value) => value is int or long or short or byte;

    /// <summary>Writes a member's limits into its schema (<c>minimum</c>, <c>maximum</c>, <c>minLength</c>, <c>maxLength</c>).</summary>
    public static void ApplyBounds(Microsoft.OpenApi.OpenApiSchema schema, Bounds bounds)
    {
        if (bounds.Minimum is { } min) schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
        if (bounds.Maximum is { } max) schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
        if (bounds.MinLength is { } minLength) schema.MinLength = minLength;
        if (bounds.MaxLength is { } maxLength) schema.MaxLength = maxLength;
        var list = schema.Type?.HasFlag(Microsoft.OpenApi.JsonSchemaType.Array) == true;
        // A list's limits are on its length and on its items, never a number's minimum on the list itself.
        if (list && (schema.Minimum is not null || schema.Maximum is not null))
            (schema.Minimum, schema.Maximum) = (null, null);
        if (list && bounds.MinItems is { } minItems) schema.MinItems = minItems;
        if (list && bounds.MaxItems is { } maxItems) schema.MaxItems = maxItems;
        if (list && (bounds.ItemMinimum is not null || bounds.ItemMaximum is not null) && schema.Items is Microsoft.OpenApi.OpenApiSchema items)
        {
            if (bounds.ItemMinimum is { } itemMin) items.Minimum = itemMin.ToString(CultureInfo.InvariantCulture);
            if (bounds.ItemMaximum is { } itemMax) items.Maximum = itemMax.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The most items a list member may hold (<see cref="ListRules.MaxItems"/>), read into <c>maxItems</c>.</summary>
    public interface IMaxItems { int MaxItems { get; } }

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}

/// <summary>Validator rules for list members that the OpenAPI document can read (FluentValidation's <c>Must</c> it cannot).</summary>
public static class ListRules
{
    /// <summary>At most <paramref name="max"/> items (a missing list passes): <c>maxItems</c> in the contract.</summary>
    public static IRuleBuilderOptions<T, TList?> MaxItems<T, TList>(this IRuleBuilder<T, TList?> rule, int max) where TList : System.Collections.ICollection =>
        rule.SetValidator(new MaxItemsValidator<T, TList>(max));

    private sealed class MaxItemsValidator<T, TList>(int max) : PropertyValidator<T, TList?>, RequestShape.IMaxItems where TList : System.Collections.ICollection
    {
        public int MaxItems => max;
        public override string Name => "MaxItemsValidator";
        public override bool IsValid(FluentValidation.ValidationContext<T> context, TList? value) => value is null || value.Count <= max;
        protected override string GetDefaultMessageTemplate(string errorCode) => $"At most {max} items.";
    }
}
