using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RiskRegister.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the test run, started on first use from Debian's <c>postgresql</c> package (its
/// own directory under /tmp, a free port on loopback, fsync off) and stopped when the test process exits. PostgreSQL
/// refuses to run as root, so as root it runs as the <c>postgres</c> user the package creates. Each fixture gets a
/// database of its own on it (<see cref="TestDatabase"/>). <c>RISKREGISTER_TEST_POSTGRES</c>, a connection string to
/// a server's <c>postgres</c> database, uses that server instead. Missing PostgreSQL fails, naming the install command.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Instance = new(() => StartAsync().GetAwaiter().GetResult());

    public static PostgresServer Shared => Instance.Value;

    /// <summary>A connection string to the server's <c>postgres</c> database, as its superuser.</summary>
    public string AdminConnectionString { get; }

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>A connection string for a database of that name on this server.</summary>
    public string For(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("RISKREGISTER_TEST_POSTGRES") is { Length: > 0 } given)
            return new PostgresServer(given);

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL is missing (no /usr/lib/postgresql/*/bin/pg_ctl): install it with `apt-get install -y postgresql` (.ci/run does), or set RISKREGISTER_TEST_POSTGRES to a server's connection string.");
        var user = Environment.UserName == "root" ? "postgres" : null;

        var directory = Directory.CreateTempSubdirectory("riskregister-pg-").FullName;
        if (user is not null) await Tools.RunAsync("/usr/bin/chown", "coreutils", [user, directory]);
        var data = Path.Combine(directory, "data");
        await Tools.RunAsync(Path.Combine(bin, "initdb"), "postgresql", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], user);
        var port = FreePort();
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await Tools.RunAsync(Path.Combine(bin, "pg_ctl"), "postgresql", ["-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], user);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Tools.RunAsync(Path.Combine(bin, "pg_ctl"), "postgresql", ["-D", data, "-m", "immediate", "stop"], user).GetAwaiter().GetResult(); }
            catch { /* the process is exiting: what is left is a directory under /tmp */ }
            try { Directory.Delete(directory, recursive: true); } catch { }
        };
        return new PostgresServer(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false,
        }.ConnectionString);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
