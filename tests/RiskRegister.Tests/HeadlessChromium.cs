using System.Diagnostics;

namespace RiskRegister.Tests;

/// <summary>
/// Debian's Chromium, headless, as the probe and <c>make render</c> run it: a fresh profile each time and nothing that
/// phones home (the machine has no internet). Missing Chromium is a failure that says how to install it, never a skip.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The page's DOM after its scripts ran (up to <paramref name="budgetMilliseconds"/> of virtual time).</summary>
    public static async Task<string> DumpDomAsync(Uri page, int budgetMilliseconds = 10_000) =>
        await RunAsync($"--virtual-time-budget={budgetMilliseconds}", "--dump-dom", page.ToString());

    /// <summary>Prints an HTML document to PDF as a browser's print dialog would (A4 by the document's own @page rules, no browser header or footer).</summary>
    public static async Task<byte[]> PrintToPdfAsync(string html)
    {
        var work = Directory.CreateTempSubdirectory("riskregister-print-");
        try
        {
            var page = System.IO.Path.Combine(work.FullName, "document.html");
            var pdf = System.IO.Path.Combine(work.FullName, "document.pdf");
            await File.WriteAllTextAsync(page, html);
            await RunAsync($"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(page).AbsoluteUri);
            return await File.ReadAllBytesAsync(pdf);
        }
        finally { work.Delete(recursive: true); }
    }

    /// <summary>The text of a PDF, page by page, as poppler's <c>pdftotext</c> reads it.</summary>
    public static async Task<IReadOnlyList<string>> PdfPagesAsync(byte[] pdf)
    {
        var work = Directory.CreateTempSubdirectory("riskregister-pdf-");
        try
        {
            var file = System.IO.Path.Combine(work.FullName, "document.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var text = await Tool("pdftotext", "poppler-utils", file, "-");
            return text.Split('\f').SkipLast(1).ToList();   // pdftotext ends every page with a form feed
        }
        finally { work.Delete(recursive: true); }
    }

    private static Task<string> Tool(string name, string package, params string[] arguments) =>
        Tools.RunAsync($"/usr/bin/{name}", package, arguments);

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("riskregister-chromium-");
        try
        {
            return await Tool("chromium", "chromium", [.. Flags, $"--user-data-dir={profile.FullName}", .. arguments]);
        }
        finally { profile.Delete(recursive: true); }
    }

    private static readonly string[] Flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"];
}
