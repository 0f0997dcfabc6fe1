using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// Summaries from the XML documentation file the build writes beside the assembly, for query, route and header
/// parameters (ASP.NET's own XML-doc support covers schemas, not FastEndpoints' bound properties).
/// </summary>
public static partial class XmlDocs
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    public static string? For(PropertyInfo property) =>
        Summaries.Value.GetValueOrDefault($"P:{property.DeclaringType!.FullName!.Replace('+', '.')}.{property.Name}");

    public static string? For(Type type) =>
        Summaries.Value.GetValueOrDefault($"T:{type.FullName!.Replace('+', '.')}");

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(XmlDocs).Assembly;
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Text(m.Element("summary")!));
    }

    // <c>x</c> becomes `x`, <see cref="T:A.B"/> becomes B, whitespace collapses: the same Markdown the schemas get.
    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement { Name.LocalName: "see" } see => see.Attribute("langword")?.Value
                ?? ((string?)see.Attribute("cref"))?.Split('.', ':').Last() ?? see.Value,
            XElement other => other.Value,
            _ => "",
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
