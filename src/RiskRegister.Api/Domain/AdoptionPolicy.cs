namespace RiskRegister.Api.Domain;

/// <summary>
/// Which handling methods need an activity with a measure (mätvärde) and a due date (tidplan) before adoption.
/// Configuration <c>Adoption:ActivitiesRequiredFor</c> (default <c>granskning, atgard</c>; auditors may ask for
/// bevakning too). A plan is held to the rule it was adopted under, which is stored with it; drafts follow the
/// configuration. <c>Adoption:ActivitiesExpectedFor</c> (default every method) names the methods whose missing activity
/// is a warning instead: adoption goes ahead, and the auditors' assessment names it, as Region Skåne's auditors did
/// for bevakning (seed 002).
/// </summary>
public sealed record AdoptionPolicy(IReadOnlySet<HandlingMethod> ActivitiesRequiredFor, IReadOnlySet<HandlingMethod>? ActivitiesExpectedFor = null)
{
    public static readonly AdoptionPolicy Default = new(new HashSet<HandlingMethod> { HandlingMethod.Granskning, HandlingMethod.Atgard });

    /// <summary>Every handling method but none: the default of <c>Adoption:ActivitiesExpectedFor</c>.</summary>
    public static readonly IReadOnlySet<HandlingMethod> EveryMethod = new HashSet<HandlingMethod> { HandlingMethod.Bevakning, HandlingMethod.Granskning, HandlingMethod.Atgard };

    public bool RequiresActivity(HandlingMethod method) => ActivitiesRequiredFor.Contains(method);

    /// <summary>A missing activity under this method is a warning (when it does not block).</summary>
    public bool ExpectsActivity(HandlingMethod method) => (ActivitiesExpectedFor ?? EveryMethod).Contains(method);

    /// <summary>The stored and configured form: the methods' API names, comma-separated, in the scale's order.</summary>
    public string ToText() => string.Join(",", ActivitiesRequiredFor.Order().Select(m => m.ToApi()));

    /// <summary>Reads the configured or stored form; null (with the reason) when a name is not a handling method.</summary>
    public static AdoptionPolicy? Parse(string? text, out string? problem)
    {
        problem = null;
        var methods = new HashSet<HandlingMethod>();
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var method = Enum.GetValues<HandlingMethod>().Where(m => m.ToApi() == name).Select(m => (HandlingMethod?)m).FirstOrDefault();
            if (method is null or HandlingMethod.None)
            {
                problem = $"'{name}' is not one of bevakning, granskning, atgard.";
                return null;
            }
            methods.Add(method.Value);
        }
        return new AdoptionPolicy(methods);
    }

    /// <summary>The rule of a stored plan: its own once adopted, the configured one while a draft.</summary>
    public static AdoptionPolicy Of(string? stored, AdoptionPolicy configured) =>
        stored is null ? configured : (Parse(stored, out _) ?? Default) with { ActivitiesExpectedFor = configured.ActivitiesExpectedFor };
}

/// <summary>Configuration section <c>Adoption</c>.</summary>
public sealed class AdoptionSettings : ISettings
{
    public static string Section => "Adoption";

    /// <summary>Handling methods that need an activity before adoption, comma-separated.</summary>
    public string ActivitiesRequiredFor { get; set; } = AdoptionPolicy.Default.ToText();

    /// <summary>Handling methods whose missing activity is a warning at adoption and a finding in the assessment, comma-separated.</summary>
    public string ActivitiesExpectedFor { get; set; } = "bevakning,granskning,atgard";

    public AdoptionPolicy ToPolicy() =>
        (AdoptionPolicy.Parse(ActivitiesRequiredFor, out var problem) ?? throw new InvalidOperationException($"Adoption:ActivitiesRequiredFor: {problem}"))
        with { ActivitiesExpectedFor = (AdoptionPolicy.Parse(ActivitiesExpectedFor, out var expected) ?? throw new InvalidOperationException($"Adoption:ActivitiesExpectedFor: {expected}")).ActivitiesRequiredFor };

    public IEnumerable<string> Problems()
    {
        if (AdoptionPolicy.Parse(ActivitiesRequiredFor, out var problem) is null) yield return $"Adoption:ActivitiesRequiredFor: {problem}";
        if (AdoptionPolicy.Parse(ActivitiesExpectedFor, out var expected) is null) yield return $"Adoption:ActivitiesExpectedFor: {expected}";
    }
}
