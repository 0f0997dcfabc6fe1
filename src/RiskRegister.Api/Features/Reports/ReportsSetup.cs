using Microsoft.AspNetCore.Diagnostics;

namespace RiskRegister.Api.Features.Reports;

public static class ReportsSetup
{
    /// <summary>The documents' settings, their gate, and the answer when the gate stays shut.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ReportSettings>(configuration);
        services.AddSettings<DocumentSettings>(configuration);
        services.AddSingleton<DocumentGate>();
        services.AddSingleton<SharedDocuments>();
        services.AddSingleton<PdfPrinter>();
        services.AddExceptionHandler<DocumentsBusyAnswer>();
        services.AddExceptionHandler<PdfPrintAnswer>();
        return services;
    }

    /// <summary><see cref="PdfPrintException"/> is <c>503</c> with <c>Retry-After</c>: the printer's trouble, never the client's.</summary>
    internal sealed class PdfPrintAnswer : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not PdfPrintException failed) return false;
            context.Response.Headers.RetryAfter = "5";
            await ApiProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, failed.Message);
            return true;
        }
    }

    /// <summary><see cref="DocumentsBusyException"/> is <c>503</c> with <c>Retry-After</c>, as the store's own busy answers are.</summary>
    internal sealed class DocumentsBusyAnswer : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not DocumentsBusyException busy) return false;
            context.Response.Headers.RetryAfter = "5";
            await ApiProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, busy.Message);
            return true;
        }
    }
}
