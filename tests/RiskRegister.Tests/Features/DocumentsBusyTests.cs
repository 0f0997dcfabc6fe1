using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Tests.Features;

/// <summary>Reports maps its own exception: the documents' gate staying shut is a 503 with Retry-After, never a 500.</summary>
public sealed class DocumentsBusyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_shut_document_gate_answers_503_with_retry_after()
    {
        var context = new DefaultHttpContext { RequestServices = api.Services };
        context.Response.Body = new MemoryStream();
        var handled = false;
        foreach (var handler in api.Services.GetServices<IExceptionHandler>())
            if (handled = await handler.TryHandleAsync(context, new DocumentsBusyException(), CancellationToken.None)) break;
        handled.ShouldBeTrue();
        context.Response.StatusCode.ShouldBe(503);
        context.Response.Headers.RetryAfter.ToString().ShouldBe("5");
        context.Response.ContentType.ShouldBe("application/problem+json");
        context.Response.Body.Position = 0;
        (await new StreamReader(context.Response.Body).ReadToEndAsync()).ShouldContain("Every place for a document is taken");
    }
}
