using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace RiskRegister.Api.Features.Reports;

/// <summary>Configuration section <c>Documents</c>: how the printable documents become PDF for the diarium.</summary>
public sealed class DocumentSettings : ISettings
{
    public static string Section => "Documents";

    /// <summary>The headless Chromium that prints PDF; empty: <c>chromium</c> (or <c>chromium-browser</c>, <c>google-chrome</c>) found on <c>PATH</c>.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>How long one document may take to print before the answer is <c>503</c>.</summary>
    public int PdfTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How many Chromium print at once. One Chromium printing a plan at the limits (8 MB of PDF) holds more than a
    /// gigabyte across its processes (measured with ACCEPT=application/pdf make bench-storm: 3.2 GB with two at once),
    /// so by default one prints and the others wait their turn.
    /// </summary>
    public int ConcurrentPrints { get; set; } = 1;

    public IEnumerable<string> Problems()
    {
        if (ConcurrentPrints is < 1 or > 64) yield return $"Documents:ConcurrentPrints: {ConcurrentPrints} is not between 1 and 64.";
        if (PdfTimeoutSeconds is < 1 or > 600) yield return $"Documents:PdfTimeoutSeconds: {PdfTimeoutSeconds} is not between 1 and 600.";
    }
}

/// <summary>
/// Prints a document's HTML to PDF with headless Chromium, as a browser's print dialog would (A4 by the document's own
/// <c>@page</c> rules, its own footer, no browser header). Each print is a Chromium process of its own with a fresh
/// profile and no network (the document is self-contained); it runs inside the document's turn at the
/// <see cref="DocumentGate"/>, so no more print at once than documents are built, and is killed past the timeout.
/// </summary>
public sealed class PdfPrinter(IOptions<DocumentSettings> settings, ILogger<PdfPrinter> log)
{
    private readonly Lazy<string?> chromium = new(() => Find(settings.Value.ChromiumPath));
    private readonly SemaphoreSlim prints = new(Math.Max(1, settings.Value.ConcurrentPrints));

    /// <summary>The Chromium found, or null: then PDF is not acceptable (<c>406</c> naming <c>Documents:ChromiumPath</c>).</summary>
    public string? Chromium => chromium.Value;

    public const string MissingReason =
        "PDF needs headless Chromium: set Documents:ChromiumPath to its executable, or install chromium on the service's PATH.";

    private static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (Path.Combine(dir, name) is var candidate && File.Exists(candidate)) return candidate;
        return null;
    }

    /// <summary>Writes the HTML <paramref name="writeHtml"/> produces into a work folder, prints it, and copies the PDF into <paramref name="destination"/>.</summary>
    public async Task PrintAsync(Func<Stream, Task> writeHtml, Stream destination, CancellationToken ct)
    {
        var executable = Chromium ?? throw new InvalidOperationException(MissingReason);
        await prints.WaitAsync(ct);
        var work = Directory.CreateTempSubdirectory("riskregister-pdf-");
        try
        {
            var page = Path.Combine(work.FullName, "document.html");
            var pdf = Path.Combine(work.FullName, "document.pdf");
            await using (var html = File.Create(page)) await writeHtml(html);
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var argument in (string[])[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
                $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                new Uri(page).AbsoluteUri])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.Value.PdfTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested) throw;
                throw new PdfPrintException($"Printing the document to PDF took longer than Documents:PdfTimeoutSeconds ({settings.Value.PdfTimeoutSeconds} s); try again shortly.");
            }
            await Task.WhenAll(output, errors);
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                log.LogError("Chromium ({Executable}) could not print a document: exit {Code}. {Errors}", executable, process.ExitCode, (await errors).Trim());
                throw new PdfPrintException("Chromium could not print the document to PDF; try again shortly, or ask for text/html.");
            }
            await using var printed = File.OpenRead(pdf);
            await printed.CopyToAsync(destination, ct);
        }
        finally
        {
            prints.Release();
            try { work.Delete(recursive: true); } catch (IOException) { /* a killed Chromium may hold its profile a moment */ }
        }
    }
}

/// <summary>Printing failed or took longer than <c>Documents:PdfTimeoutSeconds</c>: <c>503</c> with <c>Retry-After</c>, never a 500.</summary>
public sealed class PdfPrintException(string message) : Exception(message);

/// <summary>How a JSON-or-document operation answers: JSON, the printable HTML, or that printed to PDF.</summary>
public enum DocumentFormat { Json, Html, Pdf }

public static class DocumentFormats
{
    public const string Pdf = "application/pdf";

    /// <summary>The format the client's <c>Accept</c> prefers; the answer varies by it.</summary>
    public static DocumentFormat Pick(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        return Negotiation.Pick(context.Request, Negotiation.Json, Negotiation.Html, Pdf) switch
        {
            Negotiation.Html => DocumentFormat.Html,
            Pdf => DocumentFormat.Pdf,
            _ => DocumentFormat.Json,
        };
    }

    /// <summary>The content type of the answer (a document also gets its protective headers).</summary>
    public static string ContentType(HttpResponse response, DocumentFormat format)
    {
        if (format == DocumentFormat.Pdf)
        {
            response.Headers.XContentTypeOptions = "nosniff";
            return Pdf;
        }
        return Negotiation.DocumentContentType(response, format == DocumentFormat.Html);
    }

    /// <summary>Writes the document <typeparamref name="TDocument"/> as HTML, or printed to PDF, into <paramref name="buffer"/>.</summary>
    public static Task WriteAsync<TDocument>(DocumentFormat format, IServiceProvider services, IDictionary<string, object?> parameters, Stream buffer, CancellationToken ct)
        where TDocument : Microsoft.AspNetCore.Components.IComponent =>
        format == DocumentFormat.Pdf
            ? services.GetRequiredService<PdfPrinter>().PrintAsync(html => DocumentRenderer.WriteAsync<TDocument>(services, parameters, html), buffer, ct)
            : DocumentRenderer.WriteAsync<TDocument>(services, parameters, buffer);
}
