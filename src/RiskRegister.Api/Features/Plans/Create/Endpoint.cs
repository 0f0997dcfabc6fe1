namespace RiskRegister.Api.Features.Plans.Create;

public sealed class Endpoint(Db db, Scale scale, AdoptionPolicy adoption, Microsoft.Extensions.Options.IOptions<PlanSettings> settings) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Create a draft plan for a unit and year";
            s.Description = "Creates the draft riskanalys och riskhanteringsplan of a unit of any kind (a förvaltning, a nämnd's own plan, or a department's) for a year; one plan per unit and year (`409` on a second). The plan keeps the scale configured now, and its `documentTitle` (configuration `Plans:DocumentTitle` unless given).";
        });
        Description(d => d.Takes<Request>().Created<PlanView>().WithETag().Problems(409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var unitKind = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT kind FROM units WHERE id = @unitId", new { unitId = req.UnitId }, transaction, cancellationToken: ct));
        if (unitKind is null || !caller.CanSee(req.UnitId!.Value))
            ThrowError(r => r.UnitId, $"No unit {req.UnitId}.", 400);
        if (await PlanHeader.YearTakenAsync(connection, transaction, req.UnitId!.Value, req.Year!.Value, ct) is { } taken)
            ThrowError(r => r.Year, taken, 409);

        var now = Clock.Timestamp();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO plans (unit_id, year, title, status, scale, document_title, introduction, process, follow_up_decision, created_at, updated_at)
            VALUES (@unitId, @year, @title, 'draft', @scale, @documentTitle, @introduction, @process, @followUpDecision, @now, @now)
            RETURNING id
            """, new
            {
                unitId = req.UnitId, year = req.Year, title = string.IsNullOrWhiteSpace(req.Title) ? null : req.Title.Trim(), scale = PlanHeader.WriteScale(scale),
                documentTitle = Text.OrNull(req.DocumentTitle) ?? settings.Value.DocumentTitle.Trim(),
                introduction = Text.OrNull(req.Introduction), process = Text.OrNull(req.Process), followUpDecision = Text.OrNull(req.FollowUpDecision), now,
            },
            transaction, cancellationToken: ct));
        var plan = (await PlanView.LoadAsync(connection, transaction, id, adoption, Disclosure.Full, ct))!;
        await write.CommitAsync(caller.By("plan", id, "created") with { PlanId = id, After = plan }, ct);
        ETags.Set(HttpContext, plan.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, plan, cancellation: ct);
    }
}
