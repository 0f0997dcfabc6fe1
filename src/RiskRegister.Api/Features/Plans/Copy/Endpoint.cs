using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Plans.Copy;

/// <summary>
/// Starts next year's draft from this plan's risks. Each copy links to the risk it came from and starts from
/// the latest assessment (slutligt riskvärde, else uppföljning 1, else the adopted value). Activities and
/// follow-ups are not copied: they belong to the year, and a new timeline is exactly what adoption asks for.
/// </summary>
public sealed class Endpoint(Db db, Microsoft.Extensions.Options.IOptions<LimitSettings> limits, Scale configuredScale, AdoptionPolicy adoption) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/copy");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Start a later year's draft with this plan's risks carried over";
            s.Description = "Starts next year's draft for the same förvaltning with this plan's risks carried over at their latest value (slutligt riskvärde, else uppföljning 1, else adopted), each linked by `copiedFromRiskId`. Kontrollmoment come over without their results. Activities and follow-ups stay with their year.";
        });
        Description(d => d.Takes<Request>().Created<PlanView>().WithETag().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var source = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (source is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (req.Year <= source.Year)
            ThrowError(r => r.Year, $"The copy must be for a year after {source.Year}.", 400);
        if (await PlanHeader.YearTakenAsync(connection, transaction, source.UnitId, req.Year!.Value, ct) is { } taken)
            ThrowError(r => r.Year, taken, 409);

        // New plans take the scale configured now; a copied value that no longer fits must be reassessed first.
        var risks = await RiskReader.LoadForPlanAsync(connection, transaction, source.Id, Disclosure.Full, ct);
        if (risks.Count > limits.Value.MaxRisksPerPlan)
            AddError(new ValidationFailure("risks", $"Plan {source.Id} holds {risks.Count} risks, more than a plan may hold now ({limits.Value.MaxRisksPerPlan}, Limits:MaxRisksPerPlan)."));
        var controlCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM controls WHERE plan_id = @id", new { id = source.Id }, transaction, cancellationToken: ct));
        if (controlCount > limits.Value.MaxControlsPerPlan)
            AddError(new ValidationFailure("controls", $"Plan {source.Id} holds {controlCount} controls, more than a plan may hold now ({limits.Value.MaxControlsPerPlan}, Limits:MaxControlsPerPlan)."));
        var carried = risks.Select(r => (Risk: r, Value: r.Latest)).ToList();
        for (var i = 0; i < carried.Count; i++)
            if (!configuredScale.Contains(carried[i].Value.Probability) || !configuredScale.Contains(carried[i].Value.Consequence))
                AddError(new ValidationFailure($"risks[{i}]", $"Risk {carried[i].Risk.Id} \"{carried[i].Risk.Title}\" is valued outside the current {configuredScale.Size}×{configuredScale.Size} scale."));
        ThrowIfAnyErrors(409);

        var now = Clock.Timestamp();
        var newId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO plans (unit_id, year, title, status, scale, copied_from_plan_id, created_at, updated_at)
            SELECT unit_id, @year, NULL, 'draft', @scale, id, @now, @now FROM plans WHERE id = @sourceId
            RETURNING id
            """, new { sourceId = source.Id, year = req.Year, scale = PlanHeader.WriteScale(configuredScale), now },
            transaction, cancellationToken: ct));
        // A secrecy marking goes with its risk: the carried-over texts hold what was marked.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, goal, copied_from_risk_id,
                               secrecy_ground, secrecy_note, secrecy_marked_at, secrecy_marked_by, created_at, updated_at)
            SELECT @newId, title, description, @probability, @consequence, handling_method, motivation, category, owner, goal, id,
                   secrecy_ground, secrecy_note, secrecy_marked_at, secrecy_marked_by, @now, @now
            FROM risks WHERE id = @riskId
            """, carried.Select(c => new { newId, probability = c.Value.Probability, consequence = c.Value.Consequence, riskId = c.Risk.Id, now }),
            transaction));
        // Kontrollmoment come over without their results and dates (those belong to the year), each tied to its risk's copy.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO controls (plan_id, risk_id, title, description, method, frequency, scope, responsible, reported_to, due,
                                  copied_from_control_id, created_at, updated_at)
            SELECT @newId, (SELECT nr.id FROM risks nr WHERE nr.plan_id = @newId AND nr.copied_from_risk_id = c.risk_id),
                   c.title, c.description, c.method, c.frequency, c.scope, c.responsible, c.reported_to, NULL, c.id, @now, @now
            FROM controls c WHERE c.plan_id = @sourceId ORDER BY c.id
            """, new { newId, sourceId = source.Id, now }, transaction, cancellationToken: ct));
        var plan = (await PlanView.LoadAsync(connection, transaction, newId, adoption, Disclosure.Full, ct))!;
        await write.CommitAsync(
            caller.By("plan", newId, "copied") with
            {
                // The new plan's header and which risks it carried over, not every risk whole: each is readable, and has its own history.
                PlanId = newId, Before = new { copiedFromPlanId = source.Id },
                After = new { plan.Id, plan.UnitId, plan.Year, plan.Status, plan.CopiedFromPlanId, carriedRisks = plan.Risks.Select(r => new { r.Id, r.CopiedFromRiskId }),
                        carriedControls = plan.Controls.Select(c => new { c.Id, c.CopiedFromControlId }) },
            }, ct);
        ETags.Set(HttpContext, plan.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = newId }, plan, cancellation: ct);
    }
}
