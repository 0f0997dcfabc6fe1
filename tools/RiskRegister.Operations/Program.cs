namespace RiskRegister.Operations;

/// <summary>The operations commands: move and backup (a class, not top-level statements: the tests reference this assembly beside the service's Program).</summary>
public static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        // make move FROM=<sqlite file> TO='<PostgreSQL connection string>'
        if (args is ["move", "--from", var from, "--to", var to])
        {
            try
            {
                var report = await RegisterMove.RunAsync(from, to, Console.Out, CancellationToken.None);
                Console.WriteLine($"Moved: {report}");
                return 0;
            }
            catch (RegisterMove.Refused refused)
            {
                Console.Error.WriteLine("Not moved: " + refused.Message);
                return 2;
            }
        }
        // make backup TO=<file> [FROM=<sqlite file>]
        if (args is ["backup", "--from", var database, "--to", var file])
        {
            try
            {
                await RegisterBackup.RunAsync(database, file, Console.Out, CancellationToken.None);
                return 0;
            }
            catch (RegisterMove.Refused refused)
            {
                Console.Error.WriteLine("No backup: " + refused.Message);
                return 2;
            }
        }
        Console.Error.WriteLine("Usage: move --from <sqlite file> --to '<PostgreSQL connection string>' | backup --from <sqlite file> --to <new file>");
        return 64;
    }
}
