using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RiskRegister.Tests.Webhooks;

/// <summary>A real HTTP receiver on loopback (Kestrel in the test process): records each POST and answers the statuses it is told.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> Received { get; } = new();
    /// <summary>Statuses to answer next, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();
    public Uri Address { get; }

    /// <summary>Awaited after a POST is recorded and before it is answered, with the POST's number (1, 2, …): holds a receiver up.</summary>
    public Func<int, Task>? Hold { get; set; }

    /// <summary>Webhooks:AllowedPorts for a fixture whose receivers listen on a free port the system picks.</summary>
    public const string Ports = "1024-65535";

    private Receiver(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public static async Task<Receiver> StartAsync()
    {
        var port = LiveApiFixture.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app, new Uri($"http://127.0.0.1:{port}/hook"));
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            int number;
            lock (receiver.Received)
            {
                receiver.Received.Enqueue((context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                    context.Request.Headers["webhook-signature"].ToString(), body));
                number = receiver.Received.Count;
            }
            if (receiver.Hold is { } hold) await hold(number);
            return Results.StatusCode(receiver.Answers.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<List<(string Id, string Timestamp, string Signature, string Body)>> WaitForAsync(Func<IReadOnlyCollection<(string Id, string Timestamp, string Signature, string Body)>, bool> enough, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!enough(Received.ToList()) && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Received.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
