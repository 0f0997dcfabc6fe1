using System.Net.Sockets;

namespace RiskRegister.Tests;

/// <summary>
/// The service on a real loopback port (Kestrel) instead of the in-memory test server, for clients that are separate
/// processes: a validating proxy, a headless browser.
/// </summary>
public class LiveApiFixture : ApiFixture
{
    public Uri Address => ClientOptions.BaseAddress;

    public override ValueTask InitializeAsync()
    {
        UseKestrel(FreePort());
        StartServer();
        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
