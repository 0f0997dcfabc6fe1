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

    public static string For(Type endpointType)
    {
        if (endpointType.GetCustomAttributes(typeof(OperationIdAttribute), false) is [OperationIdAttribute explicitName, ..])
            return explicitName.Name;
        return ForNamespace(endpointType.Namespace ?? endpointType.Name, endpointType.Name);
    }

    /// <summary>The feature folders below <c>Features</c> of a namespace, e.g. <c>[Plans, Create]</c>.</summary>
    public static IReadOnlyList<string> FeatureFolders(string? ns)
    {
        var parts = (ns ?? "").Split('.');
        var at = Array.IndexOf(parts, "Features");
        return at < 0 ? [] : parts[(at + 1)..];
    }

    public static string ForNamespace(string ns, string fallback)
    {
        var folders = FeatureFolders(ns);
        if (folders.Count == 0) return fallback;
        if (folders.Count == 1) return "Get" + folders[0];
        var area = folders[^2];
        var operation = folders[^1];
        var verb = FirstWord(operation);
        if (!Verbs.Contains(verb)) return "Get" + Singular(area) + operation;   // Plans/Summary → GetPlanSummary
        if (verb != operation) return operation;                                 // Risks/RecordFollowUp1 → RecordFollowUp1
        return verb == "List" ? verb + area : verb + Singular(area);             // Plans/Create → CreatePlan
    }

    /// <summary>The tag (group in the interactive page) of an endpoint: its area folder.</summary>
    public static string Tag(Type endpointType)
    {
        var folders = FeatureFolders(endpointType.Namespace);
        return folders.Count == 0 ? "Service" : folders[0];
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
