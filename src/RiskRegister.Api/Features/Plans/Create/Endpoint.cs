namespace RiskRegister.Api.Features.Plans.Create;

public sealed class Endpoint(Db db, Scale scale, AdoptionPolicy adoption) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Create a draft plan for a förvaltning and year";
            s.Description = "Creates the draft riskanalys och riskhanteringsplan of a förvaltning for a year; one plan per förvaltning and year (`409` on a second). The plan keeps the scale configured now.";
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
        if (unitKind != UnitKind.Administration.ToApi())
            ThrowError(r => r.UnitId, "Plans belong to a förvaltning (unit of kind administration), not to a nämnd.", 400);
        if (await PlanHeader.YearTakenAsync(connection, transaction, req.UnitId!.Value, req.Year!.Value, ct) is { } taken)
            ThrowError(r => r.Year, taken, 409);

        var now = Clock.Timestamp();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO plans (unit_id, year, title, status, scale, created_at, updated_at)
            VALUES (@unitId, @year, @title, 'draft', @scale, @now, @now)
            RETURNING id
            """, new { unitId = req.UnitId, year = req.Year, title = string.IsNullOrWhiteSpace(req.Title) ? null : req.Title.Trim(), scale = PlanHeader.WriteScale(scale), now },
            transaction, cancellationToken: ct));
        var plan = (await PlanView.LoadAsync(connection, transaction, id, adoption, Disclosure.Full, ct))!;
        await write.CommitAsync(caller.By("plan", id, "created") with { PlanId = id, After = plan }, ct);
        ETags.Set(HttpContext, plan.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id }, plan, cancellation: ct);
    }
}
