using Dapper;
using Microsoft.Data.Sqlite;

namespace RiskRegister.Operations;

/// <summary>
/// A consistent online backup of a SQLite register, also while a service writes to it: <c>VACUUM INTO</c> copies the
/// database as one read transaction sees it (in WAL mode writers go on meanwhile; they are never held up), into a
/// new, compact file. The copy is then checked (<c>PRAGMA integrity_check</c>) and its rows counted. Restoring is
/// copying the file back while the service is stopped.
/// </summary>
public static class RegisterBackup
{
    public static async Task<IReadOnlyList<(string Table, long Rows)>> RunAsync(string sqlitePath, string backupPath, TextWriter log, CancellationToken ct)
    {
        if (!File.Exists(sqlitePath)) throw new RegisterMove.Refused($"There is no SQLite file at {sqlitePath}.");
        var target = Path.GetFullPath(backupPath);
        if (File.Exists(target)) throw new RegisterMove.Refused($"{target} exists; a backup is written to a new file.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // VACUUM INTO writes into an empty file as into a new one, and keeps its mode: the backup is 0600 like the register.
        RiskRegister.Api.Infrastructure.PrivateFile.CreateIfMissing(target);

        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            // A writer holds the lock for microseconds; wait for it rather than fail.
            await source.ExecuteAsync("PRAGMA busy_timeout = 10000");
            try
            {
                await source.ExecuteAsync(new CommandDefinition("VACUUM INTO @target", new { target }, cancellationToken: ct));
            }
            catch
            {
                File.Delete(target);   // so that trying again is not refused for a file that holds nothing
                throw;
            }
        }

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync(ct);
        var integrity = (await copy.QueryAsync<string>("PRAGMA integrity_check")).ToList();
        if (integrity is not ["ok"])
            throw new InvalidOperationException($"The backup {target} fails its integrity check: {string.Join("; ", integrity.Take(5))}");
        var counts = new List<(string, long)>();
        foreach (var (table, _) in RegisterMove.Tables)
        {
            var rows = await copy.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
            counts.Add((table, rows));
        }
        await log.WriteLineAsync($"Backup {target}: integrity ok; " + string.Join(", ", counts.Select(c => $"{c.Item1} {c.Item2}")));
        return counts;
    }
}
