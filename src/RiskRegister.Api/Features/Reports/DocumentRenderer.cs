using System.Buffers;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Renders a printable document (a Razor component) as HTML: a <see cref="DocumentComponent"/> straight from its frames, any other with ASP.NET Core's own <see cref="HtmlRenderer"/>.</summary>
public static class DocumentRenderer
{
    /// <summary>
    /// Renders a document as UTF-8 into <paramref name="destination"/> (a pooled buffer: see <see cref="DocumentGate"/>)
    /// without building it as one string first: a 2 MB plan document is then 2 MB of reused blocks, not 14 MB of
    /// allocations (measured with the storm plan). A <see cref="DocumentComponent"/> is written straight from its frames
    /// (<see cref="DocumentHtml"/>); any other document by Blazor's <see cref="HtmlRenderer"/>.
    /// </summary>
    public static Task WriteAsync<TDocument>(IServiceProvider services, IDictionary<string, object?> parameters, Stream destination)
        where TDocument : IComponent
    {
        if (!typeof(DocumentComponent).IsAssignableFrom(typeof(TDocument))) return WriteWithRendererAsync<TDocument>(services, parameters, destination);
        try
        {
            // The destination is memory, so writing to it synchronously blocks nothing.
            using var writer = new Utf8Output(destination);
            using var html = new DocumentHtml(services, writer);
            html.Write(typeof(TDocument), parameters);
            return Task.CompletedTask;
        }
        catch (Exception failed)
        {
            return Task.FromException(failed);
        }
    }

    /// <summary>As <see cref="WriteAsync{TDocument}"/>, always through Blazor's renderer (and for the tests, which compare the two).</summary>
    internal static async Task WriteWithRendererAsync<TDocument>(IServiceProvider services, IDictionary<string, object?> parameters, Stream destination)
        where TDocument : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TDocument>(ParameterView.FromDictionary(parameters));
            await using var writer = new StreamWriter(destination, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
            output.WriteHtmlTo(writer);
        });
    }
}

/// <summary>
/// A component of a printed document that <see cref="DocumentRenderer"/> writes straight from its frames, without
/// Blazor's renderer: no component state, no diff of its frames against an empty tree, no batch holding every frame of
/// the document. It computes what it prints in <c>OnInitialized</c> and <c>OnParametersSet</c> (no async lifecycle: a
/// type that overrides one is refused) and may <c>@inject</c> services. Blazor's renderer renders it all the same.
/// </summary>
public abstract class DocumentComponent : ComponentBase
{
    internal void Build(RenderTreeBuilder builder)
    {
        OnInitialized();
        OnParametersSet();
        BuildRenderTree(builder);
    }
}

/// <summary>
/// A <see cref="DocumentComponent"/> that <see cref="DocumentHtml"/> lets write its HTML itself, once its parameters are
/// set, instead of building frames (its lifecycle methods are not run): what it writes must be what its <c>BuildRenderTree</c> gives Blazor's renderer
/// (<c>DocumentRendererTests</c> compare the two for every demo plan).
/// </summary>
internal interface IWrittenInPlace
{
    void WriteTo(TextWriter output);
}

// The render-tree types are Blazor's own and may change between releases (BL0006): DocumentRendererTests write the demo's
// and generated plans' documents both ways, through Blazor's HtmlRenderer and through this, and compare them byte for byte.
#pragma warning disable BL0006
/// <summary>
/// Writes <see cref="DocumentComponent"/>s as HTML the way Blazor's static HTML renderer writes them (its rules for
/// elements, attributes, text and markup), from frames built without a renderer. A component inside one is built into a
/// frame builder of its own depth, reused by the next at that depth, and written in place: the document's frames never
/// hold its entries'. Components of other kinds, and the form elements whose values that renderer treats specially,
/// are refused rather than written differently.
/// Our own writer beside the library's renderer, on a measurement: with Blazor's renderer (its component state and its
/// diff of every entry) the printed plan cost more than twice its JSON, issue 28's bound; written from the frames it is
/// within it (bench/README.md, "The summary's reads and the printed plan").
/// </summary>
internal sealed class DocumentHtml(IServiceProvider services, TextWriter output) : IDisposable
{
    private static readonly HashSet<string> SelfClosing = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase) { "textarea", "select", "option", "script" };

    // The documents' element names are lower case: matched as such without hashing, the sets (any case) asked otherwise.
    private static bool IsSelfClosing(string name) => name switch
    {
        "div" or "p" or "span" or "td" or "tr" or "th" or "dd" or "dt" or "dl" or "li" or "ul" or "table" or "thead" or "tbody" or "colgroup"
            or "h1" or "h2" or "h3" or "strong" or "section" or "article" or "header" or "footer" or "figure" or "style" or "title" => false,
        "br" or "col" or "meta" or "link" or "hr" or "img" or "input" => true,
        _ => SelfClosing.Contains(name),
    };

    private static bool IsRefused(string name) => name switch
    {
        "div" or "p" or "span" or "td" or "tr" or "th" or "dd" or "dt" or "dl" or "li" or "ul" or "table" or "thead" or "tbody" or "colgroup"
            or "h1" or "h2" or "h3" or "strong" or "section" or "article" or "header" or "footer" or "figure" or "br" or "col" => false,
        _ => Refused.Contains(name),
    };

    private static readonly ConcurrentDictionary<Type, ComponentKind> Kinds = new();

    /// <summary>
    /// How a component of a type is made (created, its <c>[Inject]</c> members set) and how its parameters are set from
    /// its frame's attributes: a setter for each <c>[Parameter]</c> property, by name as Blazor matches it (any case); null
    /// for a type with parameters of another kind (cascading, capturing unmatched values), which go through
    /// <see cref="ParameterView"/>.
    /// </summary>
    private sealed record ComponentKind(Func<IServiceProvider, DocumentComponent> Create, Dictionary<string, Action<DocumentComponent, object?>>? Parameters);

    // The encoder Blazor's renderer takes (Program.cs registers one that leaves å, ä, ö as they are).
    private readonly HtmlEncoder encoder = services.GetService<HtmlEncoder>() ?? HtmlEncoder.Default;
    private readonly List<RenderTreeBuilder> builders = [];
    private int depth;

    /// <summary>Builds the component of <paramref name="type"/> with <paramref name="parameters"/> and writes it.</summary>
    public void Write(Type type, IDictionary<string, object?> parameters)
    {
        var component = Kinds.GetOrAdd(type, Kind).Create(services);
        ParameterView.FromDictionary(parameters).SetParameterProperties(component);
        Write(component);
    }

    private void Write(DocumentComponent component)
    {
        if (depth == builders.Count) builders.Add(new RenderTreeBuilder());
        var builder = builders[depth];
        builder.Clear();
        component.Build(builder);
        var frames = builder.GetFrames();
        depth++;
        try { WriteRange(frames.Array, 0, frames.Count); }
        finally { depth--; }
    }

    private void WriteRange(RenderTreeFrame[] frames, int position, int end)
    {
        while (position < end)
        {
            ref var frame = ref frames[position];
            switch (frame.FrameType)
            {
                case RenderTreeFrameType.Element:
                    WriteElement(frames, position);
                    position += frame.ElementSubtreeLength;
                    break;
                case RenderTreeFrameType.Text:
                    encoder.Encode(output, frame.TextContent);
                    position++;
                    break;
                case RenderTreeFrameType.Markup:
                    output.Write(frame.MarkupContent);
                    position++;
                    break;
                case RenderTreeFrameType.Region:
                    WriteRange(frames, position + 1, position + frame.RegionSubtreeLength);
                    position += frame.RegionSubtreeLength;
                    break;
                case RenderTreeFrameType.Component:
                    WriteComponent(frames, position);
                    position += frame.ComponentSubtreeLength;
                    break;
                case RenderTreeFrameType.ElementReferenceCapture or RenderTreeFrameType.ComponentReferenceCapture:
                    position++;
                    break;
                default:
                    throw new InvalidOperationException($"A printed document cannot hold a {frame.FrameType} frame.");
            }
        }
    }

    private void WriteComponent(RenderTreeFrame[] frames, int position)
    {
        ref var frame = ref frames[position];
        var kind = Kinds.GetOrAdd(frame.ComponentType, Kind);
        var component = kind.Create(services);
        if (kind.Parameters is null)
        {
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = position + 1; i < position + frame.ComponentSubtreeLength; i++)
            {
                ref var attribute = ref frames[i];
                if (attribute.FrameType == RenderTreeFrameType.Attribute) parameters[attribute.AttributeName] = attribute.AttributeValue;
                else if (attribute.FrameType != RenderTreeFrameType.ComponentReferenceCapture)
                    throw new InvalidOperationException($"A printed document's component cannot hold a {attribute.FrameType} frame.");
            }
            ParameterView.FromDictionary(parameters).SetParameterProperties(component);
        }
        else
        {
            // Each parameter set from its frame by the type's own setter: what SetParameterProperties does for a type whose
            // parameters are plain properties, without a dictionary and a ParameterView for every entry.
            for (var i = position + 1; i < position + frame.ComponentSubtreeLength; i++)
            {
                ref var attribute = ref frames[i];
                if (attribute.FrameType == RenderTreeFrameType.Attribute)
                {
                    if (!kind.Parameters.TryGetValue(attribute.AttributeName, out var set))
                        throw new InvalidOperationException($"Object of type '{frame.ComponentType.FullName}' does not have a property matching the name '{attribute.AttributeName}'.");
                    set(component, attribute.AttributeValue);
                }
                else if (attribute.FrameType != RenderTreeFrameType.ComponentReferenceCapture)
                    throw new InvalidOperationException($"A printed document's component cannot hold a {attribute.FrameType} frame.");
            }
        }
        if (component is IWrittenInPlace inPlace) inPlace.WriteTo(output);
        else Write(component);
    }

    private void WriteElement(RenderTreeFrame[] frames, int position)
    {
        ref var element = ref frames[position];
        if (IsRefused(element.ElementName))
            throw new InvalidOperationException($"A printed document cannot hold a <{element.ElementName}>: Blazor's renderer writes its value its own way.");
        output.Write('<');
        output.Write(element.ElementName);
        var end = position + element.ElementSubtreeLength;
        var child = position + 1;
        for (; child < end; child++)
        {
            ref var attribute = ref frames[child];
            if (attribute.FrameType == RenderTreeFrameType.ElementReferenceCapture) continue;
            if (attribute.FrameType != RenderTreeFrameType.Attribute) break;
            // As the renderer: true is the bare name, a string its quoted and encoded value, anything else nothing.
            switch (attribute.AttributeValue)
            {
                case true:
                    output.Write(' ');
                    output.Write(attribute.AttributeName);
                    break;
                case string value:
                    output.Write(' ');
                    output.Write(attribute.AttributeName);
                    output.Write("=\"");
                    encoder.Encode(output, value);
                    output.Write('"');
                    break;
            }
        }
        if (child < end)
        {
            output.Write('>');
            WriteRange(frames, child, end);
            output.Write("</");
            output.Write(element.ElementName);
            output.Write('>');
        }
        else if (IsSelfClosing(element.ElementName))
            output.Write(" />");
        else
        {
            output.Write("></");
            output.Write(element.ElementName);
            output.Write('>');
        }
    }

    /// <summary>
    /// How a component of <paramref name="type"/> is made: created, its <c>[Inject]</c> members set from the services.
    /// Refused unless it is a <see cref="DocumentComponent"/> without an async lifecycle method (which would never run).
    /// </summary>
    private static ComponentKind Kind(Type type)
    {
        if (!typeof(DocumentComponent).IsAssignableFrom(type))
            throw new InvalidOperationException($"{type.Name} is no DocumentComponent: a printed document holds only those.");
        foreach (var name in new[] { "OnInitializedAsync", "OnParametersSetAsync" })
            if (type.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)?.DeclaringType != typeof(ComponentBase))
                throw new InvalidOperationException($"{type.Name} overrides {name}, which a DocumentComponent never runs.");
        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        var injected = properties.Where(p => p.IsDefined(typeof(InjectAttribute), inherit: true)).ToArray();
        var create = Expression.Lambda<Func<DocumentComponent>>(Expression.Convert(Expression.New(type), typeof(DocumentComponent))).Compile();
        return new ComponentKind(provider =>
        {
            var component = create();
            foreach (var property in injected) property.SetValue(component, provider.GetRequiredService(property.PropertyType));
            return component;
        }, Setters(type, properties));
    }

    /// <summary>
    /// The setters, only where they are exactly what Blazor's <see cref="ParameterView"/> would do: each parameter a public,
    /// non-virtual property of the component's own class, names unique in any case, no cascading or capturing parameter.
    /// Anything else (a base class's or overridden parameter, which Blazor finds along the hierarchy) is left to it: null.
    /// </summary>
    private static Dictionary<string, Action<DocumentComponent, object?>>? Setters(Type type, PropertyInfo[] properties)
    {
        if (type.BaseType != typeof(DocumentComponent)
            || properties.Any(p => Attribute.IsDefined(p, typeof(CascadingParameterAttributeBase), inherit: true)
                || p.GetCustomAttribute<ParameterAttribute>(inherit: true) is { CaptureUnmatchedValues: true })) return null;
        var setters = new Dictionary<string, Action<DocumentComponent, object?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties.Where(p => Attribute.IsDefined(p, typeof(ParameterAttribute), inherit: true)))
        {
            if (property.SetMethod is not { IsPublic: true, IsVirtual: false } || setters.ContainsKey(property.Name)) return null;
            var component = Expression.Parameter(typeof(DocumentComponent));
            var value = Expression.Parameter(typeof(object));
            setters.Add(property.Name, Expression.Lambda<Action<DocumentComponent, object?>>(
                Expression.Assign(Expression.Property(Expression.Convert(component, type), property), Expression.Convert(value, property.PropertyType)),
                component, value).Compile());
        }
        return setters;
    }

    public void Dispose()
    {
        foreach (var builder in builders) builder.Dispose();
    }
}
#pragma warning restore BL0006

/// <summary>
/// The printed document's text as UTF-8 into its destination, through a pooled buffer: a <see cref="StreamWriter"/>
/// allocated its 16 K-character buffer and the bytes' buffer (about 80 KB) anew for every document.
/// </summary>
internal sealed class Utf8Output(Stream destination) : TextWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);
    // An encoder keeps a surrogate pair that a full buffer cuts in two until its second half comes.
    private readonly Encoder encoder = Utf8.GetEncoder();
    private char[] chars = ArrayPool<char>.Shared.Rent(8 * 1024);
    private int used;

    public override Encoding Encoding => Utf8;

    public override void Write(char value)
    {
        if (used == chars.Length) Drain(final: false);
        chars[used++] = value;
    }

    public override void Write(string? value)
    {
        if (value is not null) Write(value.AsSpan());
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> value)
    {
        if (value.Length > chars.Length - used)
        {
            Drain(final: false);
            if (value.Length > chars.Length)
            {
                Encode(value, final: false);
                return;
            }
        }
        value.CopyTo(chars.AsSpan(used));
        used += value.Length;
    }

    public override void Flush() => Drain(final: false);

    private void Drain(bool final)
    {
        Encode(chars.AsSpan(0, used), final);
        used = 0;
    }

    private void Encode(ReadOnlySpan<char> text, bool final)
    {
        if (text.IsEmpty && !final) return;
        var bytes = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(text.Length));
        try
        {
            var count = encoder.GetBytes(text, bytes, final);
            destination.Write(bytes, 0, count);
        }
        finally { ArrayPool<byte>.Shared.Return(bytes); }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && chars.Length > 0)
        {
            try { Drain(final: true); }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
                chars = [];
            }
        }
        base.Dispose(disposing);
    }
}
