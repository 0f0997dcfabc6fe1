using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Renders a printable document (a Razor component) to an HTML string with ASP.NET Core's own <see cref="HtmlRenderer"/>.</summary>
public static class DocumentRenderer
{
    /// <summary>
    /// Renders the entries of a document (each risk's, <see cref="DocumentEntry"/>s), in order, as HTML to write into it.
    /// One renderer keeping every frame of a document in one batch took frame arrays of megabytes from the shared pool
    /// for a plan at the limits, which the pool keeps long after a storm (measured with make bench-storm:
    /// bench/README.md); a renderer's render and diff of each entry as a root component of its own was most of a small
    /// plan's printing. So an entry is built into one reused frame builder, a few kilobytes, and written as HTML straight
    /// from its frames, as Blazor's static renderer writes them: no component state, no diff, no batch.
    /// </summary>
    public static List<MarkupString> RenderEntries(IServiceProvider services, IEnumerable<(Type Component, IDictionary<string, object?> Parameters)> entries)
    {
        // The encoder Blazor's renderer takes (Program.cs registers one that leaves å, ä, ö as they are).
        var encoder = services.GetService<HtmlEncoder>() ?? HtmlEncoder.Default;
        using var builder = new RenderTreeBuilder();
        var html = new List<MarkupString>();
        // One text builder for every entry, sized for a typical one: a new one each time would grow from 16 chars.
        var text = new StringBuilder(8 * 1024);
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        foreach (var (component, parameters) in entries)
        {
            var entry = (DocumentEntry)Activator.CreateInstance(component)!;
            ParameterView.FromDictionary(parameters).SetParameterProperties(entry);
            builder.Clear();
            entry.Build(builder);
            HtmlFrames.Write(builder, writer, encoder);
            html.Add(new MarkupString(text.ToString()));
            text.Clear();
        }
        return html;
    }

    /// <summary>
    /// Renders a document as UTF-8 into <paramref name="destination"/> (a pooled buffer: see <see cref="DocumentGate"/>)
    /// without building it as one string first: a 2 MB plan document is then 2 MB of reused blocks, not 14 MB of
    /// allocations (measured with the storm plan). Its entries (<see cref="RenderEntries"/>) are strings, a few
    /// kilobytes each, while it is written.
    /// </summary>
    public static async Task WriteAsync<TDocument>(IServiceProvider services, IDictionary<string, object?> parameters, Stream destination)
        where TDocument : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TDocument>(ParameterView.FromDictionary(parameters));
            // The destination is memory, so writing to it synchronously blocks nothing.
            await using var writer = new StreamWriter(destination, new System.Text.UTF8Encoding(false), 16 * 1024, leaveOpen: true);
            output.WriteHtmlTo(writer);
        });
    }
}

/// <summary>
/// A document's entry (a risk's hantering, its follow-ups): markup over its parameters, holding no component of its own
/// (write a badge with its fragment, e.g. <c>@RiskValueBadge.Of(…)</c>) and doing nothing in the component lifecycle,
/// which never runs for it: <see cref="DocumentRenderer.RenderEntries"/> sets its parameters and writes what it builds.
/// </summary>
public abstract class DocumentEntry : ComponentBase
{
    internal void Build(RenderTreeBuilder builder) => BuildRenderTree(builder);
}

// The render-tree types are Blazor's own and may change between releases (BL0006): DocumentRendererTests render every
// entry of a plan both ways, through Blazor's HtmlRenderer and through this, and compare them byte for byte.
#pragma warning disable BL0006
/// <summary>
/// Writes render-tree frames as HTML the way Blazor's static HTML renderer writes them (its rules for elements,
/// attributes, text and markup), for frames built without a renderer. Components, and the form elements whose values
/// that renderer treats specially, are refused rather than written differently.
/// </summary>
internal static class HtmlFrames
{
    private static readonly HashSet<string> SelfClosing = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase) { "textarea", "select", "option", "script" };

    public static void Write(RenderTreeBuilder builder, TextWriter output, HtmlEncoder encoder)
    {
        var frames = builder.GetFrames();
        WriteRange(frames.Array, 0, frames.Count, output, encoder);
    }

    private static void WriteRange(RenderTreeFrame[] frames, int position, int end, TextWriter output, HtmlEncoder encoder)
    {
        while (position < end)
        {
            ref var frame = ref frames[position];
            switch (frame.FrameType)
            {
                case RenderTreeFrameType.Element:
                    WriteElement(frames, position, output, encoder);
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
                    WriteRange(frames, position + 1, position + frame.RegionSubtreeLength, output, encoder);
                    position += frame.RegionSubtreeLength;
                    break;
                case RenderTreeFrameType.ElementReferenceCapture or RenderTreeFrameType.ComponentReferenceCapture:
                    position++;
                    break;
                default:
                    throw new InvalidOperationException($"A document entry cannot hold a {frame.FrameType} frame: write it as markup or a fragment.");
            }
        }
    }

    private static void WriteElement(RenderTreeFrame[] frames, int position, TextWriter output, HtmlEncoder encoder)
    {
        ref var element = ref frames[position];
        if (Refused.Contains(element.ElementName))
            throw new InvalidOperationException($"A document entry cannot hold a <{element.ElementName}>: Blazor's renderer writes its value its own way.");
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
            WriteRange(frames, child, end, output, encoder);
            output.Write("</");
            output.Write(element.ElementName);
            output.Write('>');
        }
        else if (SelfClosing.Contains(element.ElementName))
            output.Write(" />");
        else
        {
            output.Write("></");
            output.Write(element.ElementName);
            output.Write('>');
        }
    }
}
#pragma warning restore BL0006
