namespace RiskRegister.Api.Features.Plans;

/// <summary>Configuration section <c>Plans</c>.</summary>
public sealed class PlanSettings : ISettings
{
    public static string Section => "Plans";

    /// <summary>What the printed document is called unless the plan says otherwise (regions say Internkontrollplan, Tillsynsplan).</summary>
    public string DocumentTitle { get; set; } = DefaultDocumentTitle;

    /// <summary>The title of the template the register started from, and of every plan made before titles were chosen.</summary>
    public const string DefaultDocumentTitle = "Riskanalys och riskhanteringsplan";

    /// <summary>The longest document title (a plan's own, or the configured one).</summary>
    public const int MaxDocumentTitleLength = 200;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DocumentTitle)) yield return "Plans:DocumentTitle: empty; leave it out for \"Riskanalys och riskhanteringsplan\".";
        else if (DocumentTitle.Trim().Length > MaxDocumentTitleLength) yield return $"Plans:DocumentTitle: longer than {MaxDocumentTitleLength} characters.";
    }
}
