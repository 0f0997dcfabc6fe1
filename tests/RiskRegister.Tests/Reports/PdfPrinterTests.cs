using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Reports;

namespace RiskRegister.Tests.Reports;

/// <summary>The printer's bounds, with a stand-in for Chromium: a script that logs when it runs and writes a PDF.</summary>
public sealed class PdfPrinterTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("riskregister-fake-chromium-");

    private string FakeChromium(double seconds)
    {
        var script = Path.Combine(work.FullName, "chromium");
        var log = Path.Combine(work.FullName, "log");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done
            echo "start $(date +%s%N)" >> {{log}}
            sleep {{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
            printf '%%PDF-1.4 fake' > "$out"
            echo "end $(date +%s%N)" >> {{log}}
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static PdfPrinter Printer(string chromium, int timeout = 60, int prints = 1) =>
        new(Options.Create(new DocumentSettings { ChromiumPath = chromium, PdfTimeoutSeconds = timeout, ConcurrentPrints = prints }), NullLogger<PdfPrinter>.Instance);

    private static Task Print(PdfPrinter printer, Stream into) =>
        printer.PrintAsync(async html => await html.WriteAsync("<p>Hej</p>"u8.ToArray()), into, CancellationToken.None);

    [Fact]
    public async Task One_chromium_prints_at_a_time_by_default()
    {
        var printer = Printer(FakeChromium(0.5));
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await Task.WhenAll(Print(printer, first), Print(printer, second));

        System.Text.Encoding.ASCII.GetString(first.ToArray()).ShouldStartWith("%PDF-");
        var events = File.ReadAllLines(Path.Combine(work.FullName, "log")).Select(l => l.Split(' ')[0]).ToList();
        events.ShouldBe(["start", "end", "start", "end"]);   // never two started before one ended
    }

    [Fact]
    public async Task A_print_past_the_timeout_is_killed_and_answered_as_the_printers_trouble()
    {
        var printer = Printer(FakeChromium(30), timeout: 1);
        using var into = new MemoryStream();

        var failed = await Should.ThrowAsync<PdfPrintException>(() => Print(printer, into));

        failed.Message.ShouldContain("Documents:PdfTimeoutSeconds");
    }

    [Fact]
    public void Without_chromium_the_printer_says_which_setting_to_set()
    {
        Printer("/nonexistent/chromium").Chromium.ShouldBeNull();
        PdfPrinter.MissingReason.ShouldContain("Documents:ChromiumPath");
        new DocumentSettings { ConcurrentPrints = 0 }.Problems().ShouldHaveSingleItem().ShouldContain("Documents:ConcurrentPrints");
        new DocumentSettings { PdfTimeoutSeconds = 0 }.Problems().ShouldHaveSingleItem().ShouldContain("Documents:PdfTimeoutSeconds");
        new ReportSettings { MethodMeanings = new() { ["utredning"] = "x" } }.Problems().ShouldHaveSingleItem().ShouldContain("Reports:MethodMeanings:utredning");
        new ReportSettings { MethodMeanings = new() { ["bevakning"] = "Följs i ledningsgruppen." } }.MeaningOf(RiskRegister.Api.Domain.HandlingMethod.Bevakning).ShouldBe("Följs i ledningsgruppen.");
    }

    public void Dispose() => work.Delete(recursive: true);
}
