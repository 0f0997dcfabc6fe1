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
}
