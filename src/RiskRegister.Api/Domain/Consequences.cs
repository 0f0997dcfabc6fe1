namespace RiskRegister.Api.Domain;

/// <summary>
/// Konsekvens per område: regions assess a risk's consequence per area (patientsäkerhet, ekonomi, förtroende,
/// arbetsmiljö) and take the worst. The areas are the plan's (its scale's <see cref="Scale.ConsequenceAreas"/>, kept from
/// when it was created); a risk assessed per area has its konsekvens as their maximum, so the two can never disagree.
/// </summary>
public static class ConsequenceRules
{
    /// <summary>The most areas a scale may name: each is a column of the printed plan and of a spreadsheet.</summary>
    public const int MaxAreas = 10;

    /// <summary>The longest name of an area.</summary>
    public const int MaxAreaLength = 60;

    /// <summary>What is wrong with <paramref name="areas"/> as configuration (<c>Scale:ConsequenceAreas</c>); empty when usable.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<string> areas)
    {
        if (areas.Count > MaxAreas) yield return $"ConsequenceAreas: {areas.Count} areas, more than the {MaxAreas} a plan may be assessed in.";
        foreach (var area in areas)
        {
            if (string.IsNullOrWhiteSpace(area)) yield return "ConsequenceAreas: an area has no name.";
            else if (area.Length > MaxAreaLength) yield return $"ConsequenceAreas: \"{area}\" is longer than {MaxAreaLength} characters.";
            else if (area.Any(char.IsControl)) yield return $"ConsequenceAreas: \"{area}\" holds a control character.";
        }
        foreach (var twice in areas.GroupBy(a => a.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"ConsequenceAreas: \"{twice.Key}\" is named twice.";
    }

    /// <summary>A risk's konsekvens and, when it is assessed per area, the value of each area (in the plan's order).</summary>
    public sealed record Assessed(int Consequence, IReadOnlyDictionary<string, int>? Areas);

    /// <summary>
    /// What a risk's consequence becomes from what a client sent (<paramref name="consequence"/>,
    /// <paramref name="consequences"/>; null = not sent) and what the risk holds (<paramref name="held"/>; null for a new
    /// risk), or the problems, each keyed by the field it names (<c>consequence</c>, <c>consequences.ekonomi</c>).
    /// Consequences sent replace those held; <c>{}</c> makes the risk one value again. A consequence sent beside areas
    /// (sent or held) must be their maximum.
    /// </summary>
    public static (Assessed? Result, List<(string Field, string Reason)> Problems) Resolve(
        Scale scale, int? consequence, IReadOnlyDictionary<string, int>? consequences, Assessed? held)
    {
        var problems = new List<(string Field, string Reason)>();
        Dictionary<string, int>? areas = null;
        if (consequences is { Count: > 0 })
        {
            var given = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, value) in consequences)
            {
                var area = scale.ConsequenceAreas.FirstOrDefault(a => string.Equals(a, name.Trim(), StringComparison.OrdinalIgnoreCase));
                if (area is null)
                    problems.Add(($"consequences.{name}", scale.ConsequenceAreas.Count == 0
                        ? "This plan has no consequence areas (Scale:ConsequenceAreas was empty when it was created): give one consequence."
                        : $"\"{name}\" is not a consequence area of this plan; its areas are {string.Join(", ", scale.ConsequenceAreas)}."));
                else if (!scale.Contains(value))
                    problems.Add(($"consequences.{name}", $"Consequence must be between 1 and {scale.Size} on this plan's scale."));
                else if (!given.TryAdd(area, value))
                    problems.Add(($"consequences.{name}", $"The area {area} is given twice."));
            }
            // The plan's order, whatever order they were sent in: the views and the document list them alike.
            areas = scale.ConsequenceAreas.Where(given.ContainsKey).ToDictionary(a => a, a => given[a], StringComparer.Ordinal);
        }
        else if (consequences is null && held?.Areas is { Count: > 0 } kept)
            areas = new Dictionary<string, int>(kept, StringComparer.Ordinal);
        if (problems.Count > 0) return (null, problems);

        if (areas is { Count: > 0 })
        {
            var worst = areas.Values.Max();
            if (consequence is { } sent && sent != worst)
                problems.Add(("consequence", consequences is null
                    ? $"The risk is assessed per consequence area, so its consequence is their maximum ({worst}), not {sent}. Change consequences, or send consequences: {{}} to assess it as one value."
                    : $"The consequence is the maximum of consequences ({worst}), not {sent}. Leave consequence out, or send the same."));
            return problems.Count > 0 ? (null, problems) : (new Assessed(worst, areas), problems);
        }
        if ((consequence ?? held?.Consequence) is not { } one)
        {
            problems.Add(("consequence", "Give the consequence, or consequences per area."));
            return (null, problems);
        }
        return (new Assessed(one, null), problems);
    }

    /// <summary>
    /// The areas a copied risk keeps in a plan of <paramref name="scale"/>: all of them, when that plan knows every area
    /// and their maximum is the <paramref name="consequence"/> carried over; otherwise none (the value stands alone, to be
    /// assessed per area again in the draft): per-area values that no longer give the risk's value would contradict it.
    /// </summary>
    public static IReadOnlyDictionary<string, int>? Carried(IReadOnlyDictionary<string, int>? areas, int consequence, Scale scale) =>
        areas is { Count: > 0 } && areas.Values.Max() == consequence
            && areas.Keys.All(a => scale.ConsequenceAreas.Contains(a, StringComparer.Ordinal)) && areas.Values.All(scale.Contains)
            ? areas
            : null;
}
