namespace RiskRegister.Api.Domain;

/// <summary>
/// Kontrollmetod. A closed list rather than free text: the auditors describe a plan by what it checks and how ("12
/// stickprov, 3 avstämningar"), the printed Kontrollplan prints a Swedish name, and a spreadsheet filters on it — free
/// text would split "Stickprov", "stickprov 60 st" and "SP" apart. How much is checked goes in the control's scope.
/// </summary>
public enum ControlMethod
{
    /// <summary>Stickprov: a sample is checked (60 fakturor per halvår).</summary>
    Stickprov,
    /// <summary>Avstämning: two records are reconciled (ledger against contract, delegation against decisions).</summary>
    Avstamning,
    /// <summary>Genomgång: a whole set is read through (all jävsdeklarationer, all new agreements).</summary>
    Genomgang,
    /// <summary>Loggkontroll: access logs are followed up (journal access in patient records).</summary>
    Loggkontroll,
    /// <summary>Analys: figures or trends are analysed (sick leave, overtime, cost per case).</summary>
    Analys,
    /// <summary>Another method, described in the control's description.</summary>
    Annan,
}

/// <summary>
/// How often a control is made: a closed list for the same reasons as <see cref="ControlMethod"/>. Every control reports
/// a result at each follow-up, whatever its frequency: the follow-up is when the nämnd hears of it.
/// </summary>
public enum ControlFrequency { Lopande, Manadsvis, Kvartalsvis, Tertialvis, Halvarsvis, Arligen }

/// <summary>
/// A kontrollmoment of a plan: what is checked, how, how often, how much, by whom and reported to whom, with its result
/// at each follow-up. It may belong to a risk of the plan (<c>RiskId</c>) or stand alone (attest, jäv, delegation). A
/// control of a marked risk is redacted with it, and a control may be marked itself (<c>Secrecy</c>: one standing alone
/// has no risk to be marked with): a member a redacting reader may see is <see cref="ShownWhenRedactedAttribute"/>.
/// </summary>
public sealed record Control(
    [property: ShownWhenRedacted] long Id,
    [property: ShownWhenRedacted] long PlanId,
    [property: ShownWhenRedacted] long? RiskId,
    string Title,
    string? Description,
    [property: ShownWhenRedacted] ControlMethod Method,
    [property: ShownWhenRedacted] ControlFrequency Frequency,
    string? Scope,
    string? Responsible,
    string? ReportedTo,
    [property: ShownWhenRedacted] DateOnly? Due,
    [property: ShownWhenRedacted] long? CopiedFromControlId,
    [property: ShownWhenRedacted] IReadOnlyList<ControlResult> Results,
    [property: ShownWhenRedacted] long Version,
    [property: ShownWhenRedacted] string CreatedAt,
    [property: ShownWhenRedacted] string UpdatedAt,
    // Withheld with its risk's texts, as the risk's own links are.
    IReadOnlyList<long>? GoalIds = null,
    [property: ShownWhenRedacted] SecrecyMark? Secrecy = null)
{
    /// <summary>The result recorded at follow-up <paramref name="round"/> (1 or 2), if any.</summary>
    public ControlResult? ResultOf(int round) => Results.FirstOrDefault(r => r.Round == round);
}

/// <summary>A control's result at one follow-up: what was found, how many were checked and deviated, and what was done.</summary>
public sealed record ControlResult(
    [property: ShownWhenRedacted] int Round,
    string Result,
    [property: ShownWhenRedacted] int? Checked,
    [property: ShownWhenRedacted] int? Deviations,
    string? Actions,
    [property: ShownWhenRedacted] string RecordedAt)
{
    /// <summary>Deviations were found and no action is told: what "Vidtagna åtgärder" asks about.</summary>
    public bool DeviationsWithoutActions => Deviations > 0 && string.IsNullOrWhiteSpace(Actions);
}

/// <summary>The rules about controls: their redaction, their progress per round, and what the auditors find about them.</summary>
public static class ControlRules
{
    /// <summary>The title a redacted control carries in place of its own.</summary>
    public const string RedactedTitle = "Sekretessmarkerat kontrollmoment";

    /// <summary>
    /// The controls as <paramref name="disclosure"/> lets them be read: a control marked itself, or of a marked risk (of
    /// <paramref name="risks"/>, as held), keeps only its declared members, its title <see cref="RedactedTitle"/>.
    /// </summary>
    public static List<Control> As(this IEnumerable<Control> controls, IReadOnlyCollection<Risk> risks, Disclosure disclosure)
    {
        if (disclosure == Disclosure.Full) return controls.ToList();
        var marked = risks.Where(r => r.Secrecy is not null).Select(r => r.Id).ToHashSet();
        return controls.Select(c => IsSecret(c, marked) ? Redact(c) : c).ToList();
    }

    /// <summary>Whether the control is secret: marked itself, or its risk (one of <paramref name="markedRisks"/>) is.</summary>
    public static bool IsSecret(Control control, IReadOnlySet<long> markedRisks) =>
        control.Secrecy is not null || (control.RiskId is { } riskId && markedRisks.Contains(riskId));

    /// <summary>A control as a reader outside the register gets it when it, or its risk, is marked.</summary>
    public static Control Redact(Control control) => Redaction.Redact(control) with { Title = RedactedTitle };

    /// <summary>Controls with a result at follow-up <paramref name="round"/>, of all.</summary>
    public static (int Done, int Total) Progress(IReadOnlyCollection<Control> controls, int round) =>
        (controls.Count(c => c.ResultOf(round) is not null), controls.Count);

    /// <summary>
    /// What "Genomfört enligt plan" finds about the controls: a round is under way once any risk or control has it
    /// recorded, and then every control lacking its result there is named; so is a control past its due date with no
    /// result at all. Names a control of a marked risk, for a redacting reader, by its marking.
    /// </summary>
    public static List<string> CarriedOutFindings(IReadOnlyList<Control> controls, IReadOnlyList<Risk> risks, bool adopted, DateOnly today, Disclosure disclosure)
    {
        var findings = new List<string>();
        if (!adopted || controls.Count == 0) return findings;
        foreach (var round in new[] { 1, 2 })
        {
            var begun = controls.Any(c => c.ResultOf(round) is not null)
                || risks.Any(r => round == 1 ? r.Round1 is not null : r.Round2 is not null);
            if (!begun) continue;
            var missing = controls.Where(c => c.ResultOf(round) is null).ToList();
            if (missing.Count > 0)
                findings.Add($"{missing.Count} av {controls.Count} kontrollmoment saknar resultat vid uppföljning {round}: {string.Join(", ", missing.Select(c => Name(c, risks, disclosure)))}.");
        }
        foreach (var c in controls.Where(c => c.Due < today && c.Results.Count == 0))
            findings.Add($"Kontrollmomentet {Name(c, risks, disclosure)} skulle vara genomfört {c.Due:yyyy-MM-dd} men saknar resultat.");
        return findings;
    }

    /// <summary>What "Vidtagna åtgärder" finds: every result with deviations and no action told.</summary>
    public static List<string> ActionFindings(IReadOnlyList<Control> controls, IReadOnlyList<Risk> risks, bool adopted, Disclosure disclosure)
    {
        if (!adopted) return [];
        return controls.SelectMany(c => c.Results.Where(r => r.DeviationsWithoutActions).Select(r =>
            $"Kontrollmomentet {Name(c, risks, disclosure)} visade {r.Deviations} {(r.Deviations == 1 ? "avvikelse" : "avvikelser")} vid uppföljning {r.Round} utan redovisade åtgärder.")).ToList();
    }

    /// <summary>
    /// An area with the controls' findings added: any finding makes an area that was met not fully met. An area not yet
    /// due (ejAktuellt) stays so: before its due date nothing is a deviation, so the findings are only seen.
    /// </summary>
    public static AssessedArea With(this AssessedArea area, IReadOnlyList<string> findings) =>
        findings.Count == 0 ? area
        : area.Verdict == Verdict.EjAktuellt ? area with { Observations = [.. area.Observations, .. findings] }
        : area with
        {
            Verdict = area.Verdict == Verdict.Uppfyllt ? Verdict.InteHeltUppfyllt : area.Verdict,
            Findings = [.. area.Findings, .. findings],
        };

    private static string Name(Control c, IReadOnlyList<Risk> risks, Disclosure disclosure) =>
        disclosure == Disclosure.Redacted && (c.Secrecy is not null || (c.RiskId is { } id && risks.Any(r => r.Id == id && r.Secrecy is not null)))
            ? $"\"{RedactedTitle}\"" : $"\"{c.Title}\"";

    /// <summary>The method's Swedish name, as the printed Kontrollplan writes it.</summary>
    public static string MethodName(ControlMethod method) => method switch
    {
        ControlMethod.Stickprov => "Stickprov",
        ControlMethod.Avstamning => "Avstämning",
        ControlMethod.Genomgang => "Genomgång",
        ControlMethod.Loggkontroll => "Loggkontroll",
        ControlMethod.Analys => "Analys",
        _ => "Annan",
    };

    /// <summary>The frequency's Swedish name.</summary>
    public static string FrequencyName(ControlFrequency frequency) => frequency switch
    {
        ControlFrequency.Lopande => "Löpande",
        ControlFrequency.Manadsvis => "Månadsvis",
        ControlFrequency.Kvartalsvis => "Kvartalsvis",
        ControlFrequency.Tertialvis => "Tertialvis",
        ControlFrequency.Halvarsvis => "Halvårsvis",
        _ => "Årligen",
    };
}
