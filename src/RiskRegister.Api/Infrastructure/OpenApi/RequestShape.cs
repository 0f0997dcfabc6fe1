using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation.Validators;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>Where one request property comes from, the way FastEndpoints binds it.</summary>
public enum Source { Route, Query, Header, Body, Hidden }

/// <summary>One bindable property of a request DTO.</summary>
public sealed record Bound(PropertyInfo Property, string Name, Source Source, bool Required);

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
        var required = RequiredByValidator(definition, services);
        var bound = new List<Bound>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var bindName = property.GetCustomAttribute<BindFromAttribute>()?.Name;
            var jsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? bindName ?? CamelCase(property.Name);
            var isRequired = required.Contains(property.Name) || property.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute));
            if (routeNames.Contains(bindName ?? property.Name))
                bound.Add(new Bound(property, bindName ?? CamelCase(property.Name), Source.Route, true));
            else if (property.IsDefined(typeof(HideFromDocsAttribute)) || property.IsDefined(typeof(FromClaimAttribute))
                     || property.IsDefined(typeof(JsonIgnoreAttribute)) || property.SetMethod is not { IsPublic: true })
                bound.Add(new Bound(property, jsonName, Source.Hidden, false));
            else if (property.GetCustomAttribute<FromHeaderAttribute>() is { } header)
                bound.Add(new Bound(property, header.HeaderName ?? property.Name, Source.Header, header.IsRequired || isRequired));
            else if (property.IsDefined(typeof(QueryParamAttribute)) || !HasBody(verb))
                bound.Add(new Bound(property, bindName ?? CamelCase(property.Name), Source.Query, isRequired));
            else
                bound.Add(new Bound(property, jsonName, Source.Body, isRequired));
        }
        return bound;
    }

    /// <summary>Members the endpoint's validator refuses when missing (unconditional NotNull/NotEmpty).</summary>
    private static HashSet<string> RequiredByValidator(EndpointDefinition definition, IServiceProvider services)
    {
        // FastEndpoints names validated members in camelCase; compare without case.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (definition.ValidatorType is null) return names;
        if (ActivatorUtilities.CreateInstance(services, definition.ValidatorType) is not IValidator validator) return names;
        foreach (var member in validator.CreateDescriptor().GetMembersWithValidators())
        {
            if (member.Any(c => c.Validator is INotNullValidator or INotEmptyValidator && !c.Options.HasCondition && !c.Options.HasAsyncCondition))
                names.Add(member.Key);
        }
        return names;
    }

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
