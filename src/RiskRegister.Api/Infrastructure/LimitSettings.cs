namespace RiskRegister.Api.Infrastructure;

/// <summary>Configuration section <c>Limits</c>.</summary>
public sealed class LimitSettings : ISettings
{
    public static string Section => "Limits";

    /// <summary>Largest request body accepted, in bytes; larger ones get <c>413</c>.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most risks one plan may hold (<c>409</c> past it). The seeds' plans hold 5 and 13 risks (12 the year before); a
    /// förvaltning that follows up every risk twice a year cannot handle hundreds. 200 leaves fifteen times the largest
    /// seen, and bounds every read of a plan (its summary, document, matrix, history of a copy).
    /// </summary>
    public int MaxRisksPerPlan { get; set; } = 200;

    /// <summary>
    /// Most activities one risk may hold (<c>409</c> past it). The seeds give one activity per handled risk; 20 leaves
    /// room for a risk handled step by step and bounds a risk's size, and so each history entry that holds a risk.
    /// </summary>
    public int MaxActivitiesPerRisk { get; set; } = 20;

    /// <summary>
    /// Largest workbook an import accepts, in bytes (<c>413</c> past it). A plan at the limits exports to about 0.3 MB;
    /// 5 MB leaves room for a workbook a spreadsheet program has padded with styles.
    /// </summary>
    public long MaxImportBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// Most kontrollmoment one plan may hold (<c>409</c> past it). A nämnd's internkontrollplan lists tens of controls
    /// (attest, jäv, delegation, logging, one or two per risk); 200, as for risks, bounds every read of a plan.
    /// </summary>
    public int MaxControlsPerPlan { get; set; } = 200;

    public IEnumerable<string> Problems()
    {
        if (MaxRequestBodyBytes < 1) yield return $"Limits:MaxRequestBodyBytes: {MaxRequestBodyBytes} is not more than 0.";
        if (MaxRisksPerPlan < 1) yield return $"Limits:MaxRisksPerPlan: {MaxRisksPerPlan} is not more than 0.";
        if (MaxImportBytes < 1) yield return $"Limits:MaxImportBytes: {MaxImportBytes} is not more than 0.";
        if (MaxActivitiesPerRisk < 1) yield return $"Limits:MaxActivitiesPerRisk: {MaxActivitiesPerRisk} is not more than 0.";
        if (MaxControlsPerPlan < 1) yield return $"Limits:MaxControlsPerPlan: {MaxControlsPerPlan} is not more than 0.";
    }
}
