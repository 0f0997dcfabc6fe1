using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// The interactive page at <c>/docs</c> runs scripts, which the documents' strict policy
/// (<see cref="SecurityHeaders.HtmlPolicy"/>) rightly forbids. It gets a policy of its own that allows exactly its
/// own assets: scripts from this origin plus, by hash, the one inline script Scalar writes to start itself; the
/// document fetched from this origin; nothing from elsewhere (it works offline, with no CDN).
/// </summary>
public static partial class DocsPagePolicy
{
    public const string Path = "/docs";

    private const string Policy = "default-src 'none'; script-src 'self' {0}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IApplicationBuilder UseDocsPagePolicy(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), docs => docs.Use(async (context, next) =>
        {
            // The page is a few hundred bytes: read it whole, so the hashes of its inline scripts go into the header.
            var original = context.Response.Body;
            using var page = new MemoryStream();
            context.Response.Body = page;
            try { await next(context); }
            finally { context.Response.Body = original; }
            var body = page.ToArray();
            var isHtml = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            context.Response.Headers.ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy,
                isHtml ? string.Join(' ', InlineScriptHashes(Encoding.UTF8.GetString(body))) : "");
            if (context.Response.ContentLength is not null) context.Response.ContentLength = body.Length;
            await original.WriteAsync(body, context.RequestAborted);
        }));

    /// <summary>CSP source expressions (<c>'sha256-…'</c>) for each inline <c>&lt;script&gt;</c> of a page.</summary>
    public static IEnumerable<string> InlineScriptHashes(string html) =>
        InlineScript().Matches(html).Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["code"].Value)))}'");

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(?<code>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
