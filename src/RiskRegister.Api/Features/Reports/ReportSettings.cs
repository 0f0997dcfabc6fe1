namespace RiskRegister.Api.Features.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportSettings : ISettings
{
    public static string Section => "Reports";

    /// <summary>How many whole-plan documents (summary JSON or HTML) are built at once; 0 = the number of cores.</summary>
    public int ConcurrentBuilds { get; set; }

    /// <summary>How many are in flight at once, from the start of their build to the end of their sending; 0 = four per core.</summary>
    public int DocumentsInFlight { get; set; }

    public IEnumerable<string> Problems()
    {
        if (ConcurrentBuilds < 0) yield return $"Reports:ConcurrentBuilds: {ConcurrentBuilds} is below 0 (0: the number of cores).";
        if (DocumentsInFlight < 0) yield return $"Reports:DocumentsInFlight: {DocumentsInFlight} is below 0 (0: four per core).";
    }
}
