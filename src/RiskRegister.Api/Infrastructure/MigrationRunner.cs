using System.Reflection;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// Applies the numbered scripts in <c>migrations/</c> (embedded in this assembly) that the
/// journal table <c>schema_migrations</c> has not yet recorded, each in its own transaction.
/// Forward-only: a script once applied is never run again.
/// </summary>
public sealed class MigrationRunner(Db db, ILogger<MigrationRunner> logger)
{
    public static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n["migrations/".Length..], Read(assembly, n)))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // WAL is a property of the file, so setting it once here covers every later connection.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                applied_at  TEXT NOT NULL
            );
            """);
        var applied = await AppliedAsync(connection, ct);
        var appliedNow = new List<string>();
        foreach (var (name, sql) in Scripts())
        {
            if (applied.Contains(name)) continue;
            await using var transaction = connection.BeginTransaction(deferred: false);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)",
                new { name, at = Clock.Timestamp() }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Migration}", name);
            appliedNow.Add(name);
        }
        return appliedNow;
    }

    /// <summary>The scripts the journal records as applied (for start-up, and for readiness).</summary>
    public static async Task<IReadOnlySet<string>> AppliedAsync(IDbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: ct))).ToHashSet();

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
