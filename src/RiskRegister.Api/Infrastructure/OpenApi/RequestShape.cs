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
public sealed record Bounds(decimal? Minimum = null, decimal? Maximum = null, int? MinLength = null, int? MaxLength = null)
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
    /// </summary>
    private static (HashSet<string> Required, Dictionary<string, Bounds> Limits) ReadValidator(EndpointDefinition definition, IServiceProvider services)
    {
        // FastEndpoints names validated members in camelCase; compare without case.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var limits = new Dictionary<string, Bounds>(StringComparer.OrdinalIgnoreCase);
        if (definition.ValidatorType is null) return (names, limits);
        if (ActivatorUtilities.CreateInstance(services, definition.ValidatorType) is not IValidator validator) return (names, limits);
        foreach (var member in validator.CreateDescriptor().GetMembersWithValidators())
        {
            if (member.Any(c => c.Validator is INotNullValidator or INotEmptyValidator && !c.Options.HasCondition && !c.Options.HasAsyncCondition))
                names.Add(member.Key);
            var bounds = Bounds.None;
            foreach (var (component, _) in member.Select(c => (c.Validator, c)))
                bounds = component switch
                {
                    IBetweenValidator { From: IConvertible from, To: IConvertible to } => bounds with { Minimum = Convert.ToDecimal(from, CultureInfo.InvariantCulture), Maximum = Convert.ToDecimal(to, CultureInfo.InvariantCulture) },
                    ILengthValidator length => bounds with { MinLength = length.Min > 0 ? length.Min : bounds.MinLength, MaxLength = length.Max > 0 ? length.Max : bounds.MaxLength },
                    IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual, ValueToCompare: IConvertible min } => bounds with { Minimum = Convert.ToDecimal(min, CultureInfo.InvariantCulture) },
                    IComparisonValidator { Comparison: Comparison.GreaterThan, ValueToCompare: IConvertible above } when IsInteger(above) => bounds with { Minimum = Convert.ToDecimal(above, CultureInfo.InvariantCulture) + 1 },
                    IComparisonValidator { Comparison: Comparison.LessThanOrEqual, ValueToCompare: IConvertible max } => bounds with { Maximum = Convert.ToDecimal(max, CultureInfo.InvariantCulture) },
                    _ => bounds,
                };
            if (bounds != Bounds.None) limits[member.Key] = bounds;
        }
        return (names, limits);
    }

    private static bool IsInteger(object value) => value is int or long or short or byte;

    /// <summary>Writes a member's limits into its schema (<c>minimum</c>, <c>maximum</c>, <c>minLength</c>, <c>maxLength</c>).</summary>
    public static void ApplyBounds(Microsoft.OpenApi.OpenApiSchema schema, Bounds bounds)
    {
        if (bounds.Minimum is { } min) schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
        if (bounds.Maximum is { } max) schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
        if (bounds.MinLength is { } minLength) schema.MinLength = minLength;
        if (bounds.MaxLength is { } maxLength) schema.MaxLength = maxLength;
    }

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
