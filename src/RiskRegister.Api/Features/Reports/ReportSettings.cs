namespace RiskRegister.Api.Features.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportSettings : ISettings
{
    public static string Section => "Reports";

    /// <summary>How many whole-plan documents (summary JSON or HTML) are built at once; 0 = the number of cores.</summary>
    public int ConcurrentBuilds { get; set; }

    /// <summary>How many are in flight at once, from the start of their build to the end of their sending; 0 = four per core.</summary>
    public int DocumentsInFlight { get; set; }

    /// <summary>How many bytes the built answers waiting for their clients may hold together; 0 = 32 MiB (one larger goes alone).</summary>
    public long BytesInFlight { get; set; }

    /// <summary>
    /// What each handling method means, as the plan document's opening section explains it: keyed by the API's name
    /// (<c>none</c>, <c>bevakning</c>, <c>granskning</c>, <c>atgard</c>); a method not given keeps its Swedish default.
    /// </summary>
    public Dictionary<string, string> MethodMeanings { get; set; } = [];

    /// <summary>The Swedish defaults of <see cref="MethodMeanings"/>.</summary>
    public static readonly IReadOnlyDictionary<HandlingMethod, string> DefaultMeanings = new Dictionary<HandlingMethod, string>
    {
        [HandlingMethod.None] = "Lägre risk som inte kräver någon särskild hantering. Risken förtecknas i planen och följs upp vid uppföljningarna.",
        [HandlingMethod.Bevakning] = "Risken följs i den löpande verksamheten och i ordinarie uppföljning. Förändringar rapporteras vid uppföljningarna.",
        [HandlingMethod.Granskning] = "Risken granskas under året genom en särskild kontroll, till exempel stickprov eller genomgång, av att rutiner och kontroller fungerar.",
        [HandlingMethod.Atgard] = "Risken kräver åtgärder under året som minskar sannolikheten eller konsekvensen. Åtgärderna anges som aktiviteter med mätvärde och tidplan.",
    };

    /// <summary>What <paramref name="method"/> means: the configured text, else the Swedish default.</summary>
    public string MeaningOf(HandlingMethod method) =>
        MethodMeanings.TryGetValue(method.ToApi(), out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : DefaultMeanings[method];

    public IEnumerable<string> Problems()
    {
        foreach (var key in MethodMeanings.Keys.Where(k => !EnumText.TryFromApiExactly<HandlingMethod>(k, out _)))
            yield return $"Reports:MethodMeanings:{key}: not one of none, bevakning, granskning, atgard.";
        if (ConcurrentBuilds < 0) yield return $"Reports:ConcurrentBuilds: {ConcurrentBuilds} is below 0 (0: the number of cores).";
        if (DocumentsInFlight < 0) yield return $"Reports:DocumentsInFlight: {DocumentsInFlight} is below 0 (0: four per core).";
        if (BytesInFlight < 0) yield return $"Reports:BytesInFlight: {BytesInFlight} is below 0 (0: 32 MiB).";
    }
}
