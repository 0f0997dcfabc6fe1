using System.Globalization;
using System.Text;

namespace RiskRegister.Bench;

/// <summary>
/// Joins the load generator's figures (one line per operation, from bench/wrk/common.lua) with the raw-SQL
/// ceilings into the Markdown table, appended to the results file and printed.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Write(string wrkFile, string sqlFile, string outFile, string title)
    {
        // wrk lines: op, req/s, p50 ms, p99 ms, requests, non-2xx, socket errors, note, server CPU µs per request
        var http = File.ReadAllLines(wrkFile).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        // sql lines: op, ops/s, p50 ms, p99 ms, iterations
        var sql = File.Exists(sqlFile)
            ? File.ReadAllLines(sqlFile).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToDictionary(f => f[0])
            : [];
        var fixedRuns = http.Where(f => f[0] == "fixed" && f[1].Length > 0).Select(f => D(f[1])).ToList();
        var ceiling = fixedRuns.Count > 0 ? fixedRuns.Average() : 0;

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Fixed-response ceiling (GET /api/v1/bench/fixed): {string.Join(" / ", fixedRuns.Select(r => r.ToString("F0", Inv)))} req/s (before / after the operations), mean {ceiling:F0}.");
        table.AppendLine();
        var fixedCpu = http.Where(f => f[0] == "fixed" && f[1].Length > 0 && f.Length > 8).Select(f => D(f[8])).DefaultIfEmpty(0).Average();
        table.AppendLine(CultureInfo.InvariantCulture, $"Server CPU per fixed response: {fixedCpu:F0} µs.");
        table.AppendLine();
        table.AppendLine("| operation | req/s | p50 ms | p99 ms | × fixed | server CPU µs/req | SQL ops/s | SQL p50 / p99 ms | × SQL | × both | non-2xx |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in http.Where(f => f[0] != "fixed"))
        {
            if (f[1].Length == 0)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"| {f[0]} | – | – | – | – | – | – | – | – | – | {f.ElementAtOrDefault(7)} |");
                continue;
            }
            var rps = D(f[1]);
            var s = sql.GetValueOrDefault(f[0]);
            var sqlRate = s is not null && s[1].Length > 0 ? D(s[1]) : 0;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {f[0]} | {rps:F0} | {D(f[2]):F2} | {D(f[3]):F2} | {(ceiling > 0 ? (rps / ceiling).ToString("F2", Inv) : "–")} | "
                + $"{f.ElementAtOrDefault(8)} | {(sqlRate > 0 ? sqlRate.ToString("F0", Inv) : "–")} | {(sqlRate > 0 ? $"{D(s![2]):F3} / {D(s[3]):F3}" : "–")} | "
                + $"{(sqlRate > 0 ? (rps / sqlRate).ToString("F2", Inv) : "–")} | "
                + $"{(sqlRate > 0 && ceiling > 0 ? (rps / BothCeilings(ceiling, sqlRate)).ToString("F2", Inv) : "–")} | {f[5]}{(f[6] != "0" ? $" ({f[6]} socket errors)" : "")} |");
        }
        var text = table.ToString();
        File.AppendAllText(outFile, text);
        Console.WriteLine(text);
        return 0;
    }

    /// <summary>
    /// The throughput if a request cost exactly one fixed response plus one run of its raw SQL and nothing else: the two
    /// ceilings' machine time per request, added. Near 1.0, everything above those two costs (key check, binding, mapping,
    /// JSON) is close to free, and what stands between the operation and a higher ratio is the SQL's own cost.
    /// </summary>
    internal static double BothCeilings(double fixedRate, double sqlRate) => 1 / (1 / fixedRate + 1 / sqlRate);

    private static double D(string s) => double.Parse(s, Inv);
}
