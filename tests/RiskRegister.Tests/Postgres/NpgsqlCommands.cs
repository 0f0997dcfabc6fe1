using System.Diagnostics;

namespace RiskRegister.Tests.Postgres;

/// <summary>
/// The commands Npgsql's own tracing sees while it listens, for the round-trip tests: on PostgreSQL every command is a
/// round trip. <see cref="In"/> gives those of one trace (a test's activity, or a request's whose <c>traceparent</c> the
/// test sent: the host's activity for it is listened to as well, so Npgsql's commands become its children).
/// </summary>
internal sealed class NpgsqlCommands : IDisposable
{
    private readonly List<Activity> _commands = [];
    private readonly ActivityListener _listener;

    public NpgsqlCommands(string? testSource = null)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore" || source.Name == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.Source.Name == "Npgsql") lock (_commands) _commands.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The statements of <paramref name="trace"/>: commands only (opening a physical connection is traced too, a pool's first use, but is no statement).</summary>
    public List<string> In(ActivityTraceId trace)
    {
        lock (_commands)
            return _commands.Where(a => a.TraceId == trace).Select(Statement).OfType<string>().ToList();
    }

    private static string? Statement(Activity command) => (command.GetTagItem("db.query.text") ?? command.GetTagItem("db.statement")) as string;

    public void Dispose() => _listener.Dispose();
}
