using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.History.RiskHistory;

public sealed class Request : HistoryQuery
{
    /// <summary>The risk's id; it may have been deleted since.</summary>
    public long Id { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.AddPagingRules();
    }
}

public sealed class Endpoint(Db db) : Endpoint<Request, HistoryPage>
{
    public override void Configure()
    {
        Get("/risks/{id}/history");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Every change to a risk, its activities and follow-ups, newest first — also after the risk is deleted";
            s.Description = "Every recorded write to one risk, its activities and follow-ups, newest first; still readable after the risk is deleted.";
        });
        Description(d => d.Ok<HistoryPage>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Its own connection, closed before the page is written: the page's reads take theirs in turns (StreamedPage).
        await using (var connection = await db.OpenAsync(ct))
        {
            // A deleted risk's row is gone, but its history rows keep the plan it belonged to; a risk never moves between plans.
            var planId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
                SELECT plan_id FROM risks WHERE id = @id
                UNION ALL
                SELECT plan_id FROM (SELECT plan_id FROM history WHERE risk_id = @id AND plan_id IS NOT NULL ORDER BY id LIMIT 1) AS first_entry
                LIMIT 1
                """, new { id = req.Id }, cancellationToken: ct));
            if (planId is null || await PlanHeader.LoadVisibleAsync(connection, null, planId.Value, Caller.From(User), ct) is null)
                ThrowError(r => r.Id, $"No risk {req.Id}.", 404);
        }
        await HistoryPage.StreamAsync(HttpContext.Response, db, "risk_id", req.Id, req, ct);
    }
}
