using Microsoft.AspNetCore.Http;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>Which <c>Accept</c> headers admit an operation's media types (the 406 rule), bare ones decided without parsing.</summary>
public sealed class NegotiationTests
{
    private static readonly string[] JsonOrHtml = ["application/json", "text/html"];

    [Theory]
    [InlineData(null, true)]
    [InlineData("application/json", true)]
    [InlineData("APPLICATION/JSON", true)]
    [InlineData("*/*", true)]
    [InlineData("text/*", true)]
    [InlineData("text/csv", false)]
    [InlineData("application/json;q=0", false)]
    [InlineData("application/json; q=0", false)]
    [InlineData("text/csv, application/json;q=0.5", true)]
    [InlineData("text/csv,*/*;q=0.1", true)]
    [InlineData("image/svg+xml", false)]
    [InlineData(" application/json", true)]
    public void An_accept_header_admits_what_it_names(string? accept, bool admitted)
    {
        var context = new DefaultHttpContext();
        if (accept is not null) context.Request.Headers.Accept = accept;
        Negotiation.Admits(context.Request, JsonOrHtml).ShouldBe(admitted);
    }

    [Fact]
    public void Two_accept_headers_are_read_together()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = new Microsoft.Extensions.Primitives.StringValues(["text/csv", "text/html"]);
        Negotiation.Admits(context.Request, JsonOrHtml).ShouldBeTrue();
        context.Request.Headers.Accept = new Microsoft.Extensions.Primitives.StringValues(["text/csv", "image/png"]);
        Negotiation.Admits(context.Request, JsonOrHtml).ShouldBeFalse();
    }
}
