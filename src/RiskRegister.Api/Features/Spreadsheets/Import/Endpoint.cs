using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Spreadsheets.Import;

public sealed class Request
{
    /// <summary>The plan to import into.</summary>
    public long Id { get; set; }
    /// <summary>True: check the workbook and answer what it would change, storing nothing.</summary>
    [QueryParam] public bool DryRun { get; set; }
}

/// <summary>What an import changed (or, in a dry run, would change), per sheet.</summary>
public sealed class Response
{
    /// <summary>True when nothing was stored: the counts say what the import would do.</summary>
    public bool DryRun { get; init; }
    /// <summary>Rows that create (a risk, an activity, a control, a recorded round or control result), per sheet.</summary>
    public Dictionary<string, int> Created { get; init; } = [];
    /// <summary>Rows that change what is stored, per sheet.</summary>
    public Dictionary<string, int> Updated { get; init; } = [];
    /// <summary>Rows equal to what is stored, per sheet.</summary>
    public Dictionary<string, int> Unchanged { get; init; } = [];
}

[OperationId("ImportPlan")]
public sealed class Endpoint(Db db, DocumentGate gate, AdoptionPolicy adoption, IOptions<LimitSettings> limits) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/plans/{id}/import");
        Roles(Role.Writers);
        // The body is the workbook, not JSON: the id and dryRun come from the route and query alone.
        RequestBinder(new Binder());
        Summary(s =>
        {
            s.Summary = "Import a plan's workbook: rows without an id create, rows with one update, nothing is deleted (dryRun=true only checks)";
            s.Description = "Reads a workbook as `GET /plans/{id}` exports it (or the import template filled in): `Risker`, `Aktiviteter` and `Kontrollmoment` rows without an id create, rows with one update; `Uppföljning 1` and `2` and `Kontrollresultat 1` and `2` rows record rounds and control results on an adopted plan. An activity or control names its risk by id (`Risk-id`), or a risk the same workbook adds by its title (`Risk`, with `Risk-id` empty). All or nothing, in one transaction with one history entry per changed resource; a workbook equal to the plan changes nothing. Any problem is `400` with `errors` keyed by cell (`Risker!E7`), all at once. `dryRun=true` answers the counts and stores nothing. `If-Match` takes the plan's ETag.";
        });
        Description(d => d.TakesFileOf(WorkbookWriter.MediaType).Ok<Response>().WithETag().IfMatch().Problems(400, 404, 409), clearDefaults: true);
    }

    private sealed class Binder : IRequestBinder<Request>
    {
        public ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct)
        {
            var http = ctx.HttpContext;
            var request = new Request();
            if (!ApiEnum.TryParseId(http.Request.RouteValues["id"]?.ToString(), out var id))
                ctx.ValidationFailures.Add(new ValidationFailure("id", "Must be a whole number."));
            request.Id = id;
            if (http.Request.Query.TryGetValue("dryRun", out var dryRun))
            {
                if (bool.TryParse(dryRun.ToString(), out var value)) request.DryRun = value;
                else ctx.ValidationFailures.Add(new ValidationFailure("dryRun", "Must be true or false."));
            }
            return ValueTask.FromResult(request);
        }
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        ThrowIfAnyErrors(400);   // the binder's: an id or dryRun that is not one
        var caller = Caller.From(User);
        // A plan the caller may not see is 404 whatever the body holds, before the body is read.
        await using (var connection = await db.OpenAsync(ct))
            if (await PlanHeader.LoadVisibleAsync(connection, null, req.Id, caller, ct) is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        // The body is read whole (at most Limits:MaxImportBytes, which the pipeline enforces): a zip is read from its end.
        using var body = new MemoryStream((int)Math.Min(HttpContext.Request.ContentLength ?? 64 * 1024, limits.Value.MaxImportBytes));
        await HttpContext.Request.Body.CopyToAsync(body, ct);
        if (body.Length == 0) ThrowError(new ValidationFailure("body", $"The body is empty; send the workbook ({WorkbookWriter.MediaType})."), 415);
        try
        {
            await gate.InTurnAsync(async () =>
            {
                body.Position = 0;
                var sheets = WorkbookReader.Read(body, PlanImport.MaxRows(limits.Value));
                await ImportAsync(req, caller, sheets, ct);
                return true;
            }, ct);
        }
        catch (WorkbookRefused refused)
        {
            await ApiProblem.WriteAsync(HttpContext, refused.Status, refused.Message, refused.Errors);
        }
    }

    private async Task ImportAsync(Request req, Caller caller, Dictionary<string, List<RowRead>> sheets, CancellationToken ct)
    {
        if (req.DryRun)
        {
            await using var connection = await db.OpenAsync(ct);
            var (plan, import) = await JudgeAsync(connection, null, req, caller, sheets, ct);
            ETags.Set(HttpContext, plan.Version);
            await Send.OkAsync(Answer(import, dryRun: true), ct);
            return;
        }

        await using var write = await db.BeginWriteAsync(ct);
        var (held, judged) = await JudgeAsync(write.Connection, write.Transaction, req, caller, sheets, ct);
        if (judged.Changes.Count == 0)
        {
            // Nothing differs: rolled back, no history, no events, the plan's ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, held.Version);
            await Send.OkAsync(Answer(judged, dryRun: false), ct);
            return;
        }
        var entries = await ImportStore.ApplyAsync(write, held, judged.Changes, caller, ct);
        var version = await write.CommitAsync(entries, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(Answer(judged, dryRun: false), ct);
    }

    private async Task<(PlanView Plan, PlanImport Import)> JudgeAsync(IDbConnection connection, IDbTransaction? transaction, Request req, Caller caller,
        Dictionary<string, List<RowRead>> sheets, CancellationToken ct)
    {
        // In the write, the plan's row is locked first: what is judged stays as read until the commit.
        var header = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (header is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it; export it again and reapply your changes.", 412);
        var plan = (await PlanView.LoadAsync(connection, transaction, req.Id, adoption, Disclosure.Full, ct))!;
        var import = PlanImport.Judge(sheets, plan, limits.Value, await Goals.GoalLinks.SeenFromAsync(connection, transaction, plan.UnitId, ct));
        if (import.Errors.Count > 0)
            throw new WorkbookRefused(StatusCodes.Status400BadRequest, $"The workbook has {import.Errors.Count} cell{(import.Errors.Count == 1 ? "" : "s")} to correct; nothing was stored. See errors, keyed by cell.",
                import.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return (plan, import);
    }

    private static Response Answer(PlanImport import, bool dryRun) => new()
    {
        DryRun = dryRun, Created = new(import.Created), Updated = new(import.Updated), Unchanged = new(import.Unchanged),
    };
}
