using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Plans.Copy;

/// <summary>
/// Starts next year's draft from this plan: its title, document title and texts, and its risks. Each copy links to the
/// risk it came from and starts from the latest assessment (slutligt riskvärde, else uppföljning 1, else the adopted
/// value). Follow-ups belong to the year and stay; of the activities, the unfinished ones and uppföljning 2's
/// improvement areas come over as activities marked <c>carriedOver</c> (<see cref="CarryOver"/>), for the förvaltning to
/// keep or remove.
/// </summary>
public sealed class Endpoint(Db db, Microsoft.Extensions.Options.IOptions<LimitSettings> limits, Scale configuredScale, AdoptionPolicy adoption,
    Microsoft.Extensions.Options.IOptions<FollowUps.FollowUpSettings> followUps) : Endpoint<Request, PlanView>
{
    public override void Configure()
    {
        Post("/plans/{id}/copy");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Start a later year's draft with this plan's risks carried over";
            s.Description = "Starts next year's draft for the same unit with this plan's title, `documentTitle` and texts, and its risks carried over at their latest value (slutligt riskvärde, else uppföljning 1, else adopted), each linked by `copiedFromRiskId`. Follow-ups stay with their year; unfinished activities and uppföljning 2's improvement areas come over as activities with `carriedOver: true` (status `notStarted`). Kontrollmoment come over without their results.";
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
        // A copy carries the plan as adopted, not a revision's working state.
        if (source.Status == PlanStatus.Revising)
            ThrowError(r => r.Id, $"Plan {source.Id} is revising: adopt or discard the open revision before copying it.", 409);
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
            INSERT INTO plans (unit_id, year, title, status, scale, copied_from_plan_id, document_title, introduction, process, follow_up_decision, created_at, updated_at)
            SELECT unit_id, @year, title, 'draft', @scale, id, document_title, introduction, process, follow_up_decision, @now, @now FROM plans WHERE id = @sourceId
            RETURNING id
            """, new { sourceId = source.Id, year = req.Year, scale = PlanHeader.WriteScale(configuredScale), now },
            transaction, cancellationToken: ct));
        // A secrecy marking goes with its risk: the carried-over texts hold what was marked.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, goal, copied_from_risk_id,
                               secrecy_ground, secrecy_note, secrecy_marked_at, secrecy_marked_by, created_at, updated_at, consequences)
            SELECT @newId, title, description, @probability, @consequence, handling_method, motivation, category, owner, goal, id,
                   secrecy_ground, secrecy_note, secrecy_marked_at, secrecy_marked_by, @now, @now, @consequences
            FROM risks WHERE id = @riskId
            """, carried.Select(c => new
            {
                newId, probability = c.Value.Probability, consequence = c.Value.Consequence, riskId = c.Risk.Id, now,
                // The values per area come over where they still give the value carried (and the new plan has the areas).
                consequences = RiskReader.WriteConsequences(ConsequenceRules.Carried(c.Risk.Consequences, c.Value.Consequence, configuredScale)),
            }),
            transaction));
        var copies = (await connection.QueryAsync<(long Id, long From)>(new CommandDefinition(
            "SELECT id, copied_from_risk_id FROM risks WHERE plan_id = @newId", new { newId }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.From, r => r.Id);
        var improvementsDue = followUps.Value.Round1For(req.Year!.Value);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO activities (risk_id, description, measure, due, responsible, status, carried_over, created_at, updated_at)
            VALUES (@riskId, @description, @measure, @due, @responsible, 'notStarted', 1, @now, @now)
            """, carried.SelectMany(c => CarryOver.Propose(c.Risk, source.Year, req.Year!.Value, improvementsDue).Select(a => new
            {
                riskId = copies[c.Risk.Id], description = a.Description, measure = a.Measure, due = a.Due, responsible = a.Responsible, now,
            })), transaction));
        // Kontrollmoment come over without their results and dates (those belong to the year), each tied to its risk's copy;
        // a control's own secrecy marking goes with it, as a risk's does.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO controls (plan_id, risk_id, title, description, method, frequency, scope, responsible, reported_to, due,
                                  copied_from_control_id, created_at, updated_at, secrecy_ground, secrecy_note, secrecy_marked_at, secrecy_marked_by)
            SELECT @newId, (SELECT nr.id FROM risks nr WHERE nr.plan_id = @newId AND nr.copied_from_risk_id = c.risk_id),
                   c.title, c.description, c.method, c.frequency, c.scope, c.responsible, c.reported_to, NULL, c.id, @now, @now,
                   c.secrecy_ground, c.secrecy_note, c.secrecy_marked_at, c.secrecy_marked_by
            FROM controls c WHERE c.plan_id = @sourceId ORDER BY c.id
            """, new { newId, sourceId = source.Id, now }, transaction, cancellationToken: ct));
        // The copies serve the goals their originals served (the unit is the same, so it sees the same goals).
        await Goals.GoalLinks.CopyAsync(connection, transaction, newId, ct);
        var plan = (await PlanView.LoadAsync(connection, transaction, newId, adoption, Disclosure.Full, ct))!;
        await write.CommitAsync(
            caller.By("plan", newId, "copied") with
            {
                // The new plan's header and which risks it carried over, not every risk whole: each is readable, and has its own history.
                PlanId = newId, Before = new { copiedFromPlanId = source.Id },
                After = new
                {
                    plan.Id, plan.UnitId, plan.Year, plan.Status, plan.CopiedFromPlanId, carriedRisks = plan.Risks.Select(r => new { r.Id, r.CopiedFromRiskId }),
                    carriedActivities = plan.Risks.SelectMany(r => r.Activities.Select(a => new { a.Id, a.RiskId })),
                    carriedControls = plan.Controls.Select(c => new { c.Id, c.CopiedFromControlId }),
                },
            }, ct);
        ETags.Set(HttpContext, plan.Version);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = newId }, plan, cancellation: ct);
    }
}
