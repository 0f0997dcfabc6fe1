namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Optimistic concurrency: a plan's or risk's ETag is its version, which every change to it (or to what
/// it contains) increments. Writes with a stale <c>If-Match</c> get <c>412</c> and change nothing.
/// </summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>True when the request sent no If-Match, <c>*</c>, or the current ETag.</summary>
    public static bool IfMatchAllows(HttpContext context, long currentVersion)
    {
        var ifMatch = context.Request.Headers.IfMatch;
        if (ifMatch.Count == 0) return true;
        var current = For(currentVersion);
        return ifMatch.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || tag == current || tag == "W/" + current);
    }

    public static void Set(HttpContext context, long version) => context.Response.Headers.ETag = For(version);
}
