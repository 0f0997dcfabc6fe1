using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Renders a printable document (a Razor component) to an HTML string with ASP.NET Core's own <see cref="HtmlRenderer"/>.</summary>
public static class DocumentRenderer
{
    /// <summary>
    /// Renders the entries of a document (components of their own, e.g. each risk's), in order, as HTML to write into
    /// it. One renderer keeps every frame of a document in one batch: a plan at the limits took frame arrays of
    /// megabytes from the shared pool, which keeps them long after a storm (measured with make bench-storm:
    /// bench/README.md). Rendered one by one, each entry is a batch of its own, of a few kilobytes; one renderer serves
    /// them all, as a renderer each cost a third more CPU per small plan.
    /// </summary>
    public static async Task<List<MarkupString>> RenderEntriesAsync(IServiceProvider services, IEnumerable<(Type Component, IDictionary<string, object?> Parameters)> entries)
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var html = new List<MarkupString>();
            // One builder for every entry, sized for a typical one: ToHtmlString() would grow a new one from 16 chars each time.
            var text = new System.Text.StringBuilder(8 * 1024);
            await using var writer = new StringWriter(text, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (component, parameters) in entries)
            {
                (await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters))).WriteHtmlTo(writer);
                html.Add(new MarkupString(text.ToString()));
                text.Clear();
            }
            return html;
        });
    }

    /// <summary>
    /// Renders a document as UTF-8 into <paramref name="destination"/> (a pooled buffer: see <see cref="DocumentGate"/>)
    /// without building it as one string first: a 2 MB plan document is then 2 MB of reused blocks, not 14 MB of
    /// allocations (measured with the storm plan). Its entries (<see cref="RenderEntriesAsync"/>) are strings, a few
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
