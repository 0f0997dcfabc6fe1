using System.Globalization;

namespace RiskRegister.Bench;

/// <summary>
/// <c>generate --db FILE --scale small|national|national4 [--seed N] [--organisations N] [--year YYYY]</c> writes the register and FILE.env
/// (the id ranges and keys the load generator needs);
/// <c>sql --db FILE [--postgres CONNECTION] --op NAME [--seconds S] [--threads T]</c> runs an operation's raw SQL against the file
/// (or the PostgreSQL database the register was moved into; FILE.env still gives the ids) and prints one result line;
/// <c>report --wrk FILE --sql FILE --out FILE ...</c> turns the measurements into the Markdown table.
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: generate|sql|report --option value ...");
            return 2;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
        int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        switch (args[0])
        {
            case "generate":
            {
                var db = Path.GetFullPath(Opt("db", "bench/data/register.db"));
                var scale = Opt("scale", "national");
                var organisations = Int("organisations", scale switch
                {
                    "small" => 1,          // about one region: its nämnder and förvaltningar
                    "national" => 21 + 290, // every region and municipality
                    "national4" => 4 * (21 + 290), // four times the country: how costs grow with the register (issue 28)
                    _ => throw new ArgumentException($"Unknown scale {scale}: small, national or national4."),
                });
                var seed = Int("seed", 1);
                Console.Error.WriteLine($"Generating {scale} ({organisations} organisations, seed {seed}) into {db}");
                var meta = await new Generator(db, organisations, seed, Int("year", 2026)).RunAsync();
                var lines = meta.Select(kv => $"{kv.Key}={kv.Value.ToString(CultureInfo.InvariantCulture)}")
                    .Concat([$"ADMIN_KEY={BenchKeys.Admin}", $"REGISTRATOR_KEY={BenchKeys.Registrator}",
                        $"AUDITOR_KEY={BenchKeys.Auditor}", $"SYSTEM_KEY={BenchKeys.System}", $"SCALE={scale}", $"SEED={seed}"]);
                await File.WriteAllLinesAsync(db + ".env", lines);
                Console.Error.WriteLine($"Done: {meta["PLANS"]} plans, {meta["RISKS"]} risks, {meta["ACTIVITIES"]} activities, "
                    + $"{meta["HISTORY"]} history rows ({meta["ROWS"]} rows) in {meta["GENERATION_MS"] / 1000.0:F1} s "
                    + $"({new FileInfo(db).Length / 1048576} MiB)");
                return 0;
            }
            case "sql":
                return await SqlCeiling.RunAsync(Opt("db", ""), options.GetValueOrDefault("postgres"), Opt("op", ""), double.Parse(Opt("seconds", "5"), CultureInfo.InvariantCulture),
                    Int("threads", Environment.ProcessorCount));
            case "report":
                return Report.Write(Opt("wrk", ""), Opt("sql", ""), Opt("out", ""), Opt("title", "RiskRegister benchmark"));
            default:
                Console.Error.WriteLine($"Unknown command {args[0]}");
                return 2;
        }
    }
}
