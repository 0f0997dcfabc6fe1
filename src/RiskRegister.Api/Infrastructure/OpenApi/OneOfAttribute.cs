using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// The member takes one of a closed set of values (a follow-up round, an event type), which its validator enforces:
/// described as an <c>enum</c> (on a list, on its items). The values are given here, or read from a static member of
/// <c>holder</c> (a list, or a dictionary's keys), so the set is written once.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(params object[] values) => Values = values;

    public OneOfAttribute(Type holder, string member)
    {
        var value = holder.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? holder.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{holder.Name}.{member} is not a static field or property.");
        Values = value switch
        {
            System.Collections.IDictionary dictionary => dictionary.Keys.Cast<object>().ToArray(),
            System.Collections.IEnumerable list => list.Cast<object>().ToArray(),
            _ => throw new InvalidOperationException($"{holder.Name}.{member} is not a list of values."),
        };
    }

    public IReadOnlyList<object> Values { get; }

    /// <summary>The set's own component (<c>EventType</c>), which every member and parameter of the set refers to: one type in a client, not one per use.</summary>
    public string? Name { get; init; }

    /// <summary>The set as a component of its own.</summary>
    public OpenApiSchema Component()
    {
        var integers = Values.All(v => v is int or long);
        var schema = new OpenApiSchema { Type = integers ? JsonSchemaType.Integer : JsonSchemaType.String, Format = integers ? "int32" : null };
        Describe(schema);
        return schema;
    }

    /// <summary>The values as the JSON text of an enum, to recognise the set where it was written in place.</summary>
    public string Key => string.Join(",", Values.Select(v => v is int or long ? v.ToString() : System.Text.Json.JsonSerializer.Serialize(v.ToString())));

    /// <summary>Whether <paramref name="value"/> is one of the set (compared as the JSON text it is written as).</summary>
    public bool Holds(object? value) => value is not null && Values.Any(v => Equals(v.ToString(), value.ToString()));

    public void Describe(OpenApiSchema schema)
    {
        var nodes = Values.Select(v => v switch
        {
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            _ => (JsonNode)JsonValue.Create(v.ToString()!),
        }).ToList();
        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
        {
            schema.Items = new OpenApiSchema { Type = Values.All(v => v is int or long) ? JsonSchemaType.Integer : JsonSchemaType.String, Enum = nodes };
            return;
        }
        schema.Enum = schema.Type?.HasFlag(JsonSchemaType.Null) == true ? [.. nodes, null!] : nodes;
    }
}
