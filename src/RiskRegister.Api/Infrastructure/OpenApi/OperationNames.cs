namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// Operation ids from the feature folders, so a new endpoint needs no naming work:
/// <c>Features/Plans/Create</c> → <c>CreatePlan</c>, <c>Plans/List</c> → <c>ListPlans</c>,
/// <c>Risks/RecordFollowUp1</c> → <c>RecordFollowUp1</c>, <c>Plans/Summary</c> → <c>GetPlanSummary</c>.
/// </summary>
public static class OperationNames
{
    // First words of a folder name that already say what the operation does.
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "Create", "Get", "List", "Update", "Change", "Delete", "Remove", "Add", "Adopt", "Copy", "Close", "Record",
        "Revoke", "Read", "Replace", "Set", "Check", "Assess", "Compare", "Export", "Import", "Search", "Reopen", "Move",
    };

    /// <summary>Each endpoint's route, so a noun folder (<c>Reports/Summary</c>) is named after its resource (<c>GetPlanSummary</c>).</summary>
    public static Func<Type, string?> RouteOf { get; set; } = _ => null;

    public static string For(Type endpointType)
    {
        if (endpointType.GetCustomAttributes(typeof(OperationIdAttribute), false) is [OperationIdAttribute explicitName, ..])
            return explicitName.Name;
        return ForNamespace(endpointType.Namespace ?? endpointType.Name, endpointType.Name, RouteOf(endpointType));
    }

    /// <summary>The feature folders below <c>Features</c> of a namespace, e.g. <c>[Plans, Create]</c>.</summary>
    public static IReadOnlyList<string> FeatureFolders(string? ns)
    {
        var parts = (ns ?? "").Split('.');
        var at = Array.IndexOf(parts, "Features");
        return at < 0 ? [] : parts[(at + 1)..];
    }

    public static string ForNamespace(string ns, string fallback, string? route = null)
    {
        var folders = FeatureFolders(ns);
        if (folders.Count == 0) return fallback;
        if (folders.Count == 1) return "Get" + folders[0];
        var area = folders[^2];
        var operation = folders[^1];
        var verb = FirstWord(operation);
        if (!Verbs.Contains(verb)) return "Get" + Resource(route, area, operation) + operation;   // Reports/Summary on /plans/{id}/summary → GetPlanSummary
        if (verb != operation) return operation;                                 // Risks/RecordFollowUp1 → RecordFollowUp1
        return verb == "List" ? verb + area : verb + Singular(area);             // Plans/Create → CreatePlan
    }

    /// <summary>The tag (group in the interactive page) of an endpoint: its area folder.</summary>
    public static string Tag(Type endpointType)
    {
        var folders = FeatureFolders(endpointType.Namespace);
        return folders.Count == 0 ? "Service" : folders[0];
    }

    // The resource a noun operation reads: the route segment before the first parameter (/plans/{id}/summary → Plan);
    // none for a top-level report (/follow-up-status → GetFollowUpStatus); the area folder when the route is unknown.
    private static string Resource(string? route, string area, string operation)
    {
        if (route is null) return Singular(area);
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("api" or "v1")).ToList();
        var at = segments.FindIndex(s => s.StartsWith('{'));
        if (at < 1) return "";
        var resource = Singular(string.Concat(segments[at - 1].Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
        return operation.StartsWith(resource, StringComparison.Ordinal) ? "" : resource;
    }

    private static string FirstWord(string name)
    {
        for (var i = 1; i < name.Length; i++)
            if (char.IsUpper(name[i]) || char.IsDigit(name[i])) return name[..i];
        return name;
    }

    private static string Singular(string plural) =>
        plural.EndsWith("ies", StringComparison.Ordinal) ? plural[..^3] + "y"
        : plural.EndsWith("sses", StringComparison.Ordinal) ? plural[..^2]
        : plural.EndsWith('s') && !plural.EndsWith("ss", StringComparison.Ordinal) ? plural[..^1]
        : plural;
}
