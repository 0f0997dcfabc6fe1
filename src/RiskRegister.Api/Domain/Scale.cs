namespace RiskRegister.Api.Domain;

/// <summary>
/// The risk matrix: <see cref="Size"/> steps of sannolikhet and konsekvens, each step labelled,
/// and the bands that turn a riskvärde into a level: up to <see cref="GreenMax"/> green,
/// up to <see cref="YellowMax"/> yellow, above that red.
/// </summary>
public sealed record Scale
{
    /// <summary>Steps on each axis, 3 to 5.</summary>
    public required int Size { get; init; }

    /// <summary>Label of each sannolikhet step, lowest first.</summary>
    public required IReadOnlyList<string> ProbabilityLabels { get; init; }

    /// <summary>Label of each konsekvens step, lowest first.</summary>
    public required IReadOnlyList<string> ConsequenceLabels { get; init; }

    /// <summary>Highest riskvärde that is green.</summary>
    public required int GreenMax { get; init; }

    /// <summary>Highest riskvärde that is yellow; anything above is red.</summary>
    public required int YellowMax { get; init; }

    /// <summary>
    /// Konsekvensområden (patientsäkerhet, ekonomi, förtroende, arbetsmiljö): a risk may be assessed per area
    /// (<c>consequences</c>), its konsekvens then the worst of them. None: a risk has one konsekvens only.
    /// </summary>
    public IReadOnlyList<string> ConsequenceAreas { get; init; } = [];

    /// <summary>The region's default: 4 × 4, green 1–4, yellow 6–8, red 9–16.</summary>
    public static Scale Default { get; } = new()
    {
        Size = 4,
        ProbabilityLabels = ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"],
        ConsequenceLabels = ["Lindrig", "Kännbar", "Allvarlig", "Mycket allvarlig"],
        GreenMax = 4,
        YellowMax = 8,
    };

    public bool Contains(int step) => step >= 1 && step <= Size;

    public static int Score(int probability, int consequence) => probability * consequence;

    public RiskLevel Level(int score) =>
        score <= GreenMax ? RiskLevel.Green : score <= YellowMax ? RiskLevel.Yellow : RiskLevel.Red;

    public RiskLevel Level(int probability, int consequence) => Level(Score(probability, consequence));

    /// <summary>Every riskvärde the matrix can produce, ascending (4 × 4: 1, 2, 3, 4, 6, 8, 9, 12, 16).</summary>
    public IReadOnlyList<int> PossibleScores() =>
        Enumerable.Range(1, Size).SelectMany(p => Enumerable.Range(1, Size).Select(c => p * c)).Distinct().Order().ToList();

    /// <summary>What is wrong with this scale as configuration; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Size is < 3 or > 5) problems.Add("Size must be between 3 and 5.");
        if (ProbabilityLabels.Count != Size) problems.Add("ProbabilityLabels must have one label per step.");
        if (ConsequenceLabels.Count != Size) problems.Add("ConsequenceLabels must have one label per step.");
        if (GreenMax < 1 || GreenMax >= YellowMax) problems.Add("GreenMax must be at least 1 and below YellowMax.");
        if (YellowMax >= Size * Size) problems.Add("YellowMax must be below the highest riskvärde, so that red exists.");
        problems.AddRange(ConsequenceRules.Problems(ConsequenceAreas));
        return problems;
    }
}

/// <summary>Configuration section <c>Scale</c>: the scale new plans are created under.</summary>
public sealed class ScaleSettings : ISettings
{
    public static string Section => "Scale";

    public int Size { get; set; } = Scale.Default.Size;
    public List<string> ProbabilityLabels { get; set; } = [];
    public List<string> ConsequenceLabels { get; set; } = [];
    public int GreenMax { get; set; } = Scale.Default.GreenMax;
    public int YellowMax { get; set; } = Scale.Default.YellowMax;
    /// <summary>Konsekvensområden, comma-separated or a list; none by default.</summary>
    public List<string> ConsequenceAreas { get; set; } = [];

    public Scale ToScale() => new()
    {
        Size = Size,
        // Labels default here, not in appsettings.json: configuration merges arrays index by index, so a
        // 3-step override of a 4-label default would keep the fourth label.
        ProbabilityLabels = ProbabilityLabels.Count > 0 ? ProbabilityLabels : Scale.Default.ProbabilityLabels,
        ConsequenceLabels = ConsequenceLabels.Count > 0 ? ConsequenceLabels : Scale.Default.ConsequenceLabels,
        GreenMax = GreenMax,
        YellowMax = YellowMax,
        ConsequenceAreas = ConsequenceAreas.Select(a => a.Trim()).ToList(),
    };

    public IEnumerable<string> Problems() => ToScale().Problems().Select(problem => "Scale:" + problem);
}
