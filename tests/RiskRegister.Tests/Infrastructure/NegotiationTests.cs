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

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("TEXT/CSV", "text/csv")]
    [InlineData("application/json, text/csv", "application/json")]
    [InlineData("application/json;q=0.5, text/csv", "text/csv")]
    [InlineData("application/json;q=0, text/html", "application/json")]
    [InlineData("*/*;q=0.1, text/csv;q=0.2", "text/csv")]
    [InlineData("image/png", "application/json")]
    public void A_representation_is_picked_by_quality_and_a_bare_json_or_wildcard_without_parsing(string? accept, string picked)
    {
        var context = new DefaultHttpContext();
        if (accept is not null) context.Request.Headers.Accept = accept;
        Negotiation.Pick(context.Request, Negotiation.Json, Negotiation.Csv).ShouldBe(picked);
        // A bare JSON or wildcard means JSON whatever the operation offers.
        Negotiation.Pick(context.Request, Negotiation.Csv).ShouldBe(accept is "application/json" or "*/*" or null ? Negotiation.Json : Negotiation.Pick(context.Request, Negotiation.Csv));
    }
}
