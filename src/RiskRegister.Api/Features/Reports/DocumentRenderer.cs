using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Renders a printable document (a Razor component) to an HTML string with ASP.NET Core's own <see cref="HtmlRenderer"/>.</summary>
public static class DocumentRenderer
{
    public static async Task<string> RenderAsync<TDocument>(IServiceProvider services, IDictionary<string, object?> parameters)
        where TDocument : IComponent
    {
        // One renderer per document: a renderer serialises its renders on its dispatcher, so sharing one would queue
        // concurrent requests behind each other.
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TDocument>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>
    /// Renders a document as UTF-8 into <paramref name="destination"/> (a pooled buffer: see <see cref="DocumentGate"/>)
    /// without building it as one string first: a 2 MB plan document is then 2 MB of reused blocks, not 14 MB of
    /// allocations (measured with the storm plan).
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
