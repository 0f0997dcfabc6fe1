using RiskRegister.Api.Features.Controls;
using RiskRegister.Api.Features.Goals;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Spreadsheets.Import;

/// <summary>
/// Stores an import's changes in its one write, with the same statements as the single operations, and answers one
/// history entry per changed resource, read off the plan before and after (so an entry holds what the operation's
/// own entry would: a created resource whole, a changed one's changed members).
/// </summary>
public static class ImportStore
{
    public static async Task<List<HistoryEntry>> ApplyAsync(WriteScope write, PlanView plan, IReadOnlyList<ImportChange> changes, Caller caller, CancellationToken ct)
    {
        var (connection, transaction) = write;
        var now = Clock.Timestamp();
        var touched = new HashSet<long>();
        var touchedControls = new HashSet<long>();
        // The ids of the risks this import creates, by their rows in Risker: what the rows naming them resolve to.
        var newRisks = new Dictionary<int, long>();
        long RiskOf(RiskRef risk) => risk.Id ?? newRisks[risk.NewRow!.Value];
        foreach (var change in changes)
        {
            switch (change)
            {
                case RiskCreated(var row, var v):
                    newRisks[row] = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                        INSERT INTO risks (plan_id, title, description, probability, consequence, consequences, handling_method, motivation, category, owner, goal, created_at, updated_at)
                        VALUES (@planId, @title, @description, @probability, @consequence, @consequences, @handlingMethod, @motivation, @category, @owner, @goal, @now, @now)
                        RETURNING id
                        """, new
                    {
                        planId = plan.Id, title = v.Title, description = v.Description, probability = v.Probability, consequence = v.Consequence,
                        consequences = RiskReader.WriteConsequences(v.Areas), handlingMethod = v.Method.ToApi(), motivation = v.Motivation, category = v.Category, owner = v.Owner, goal = v.Goal, now,
                    }, transaction, cancellationToken: ct));
                    if (v.GoalIds is { Count: > 0 } newLinks) await GoalLinks.ReplaceAsync(connection, transaction, GoalLinks.Kind.Risk, newRisks[row], newLinks, ct);
                    break;
                case RiskUpdated(var riskId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE risks SET title = @title, description = @description, probability = @probability, consequence = @consequence, consequences = @consequences,
                            handling_method = @handlingMethod, motivation = @motivation, category = @category, owner = @owner, goal = @goal
                        WHERE id = @riskId
                        """, new
                    {
                        riskId, title = v.Title, description = v.Description, probability = v.Probability, consequence = v.Consequence,
                        consequences = RiskReader.WriteConsequences(v.Areas), handlingMethod = v.Method.ToApi(), motivation = v.Motivation, category = v.Category, owner = v.Owner, goal = v.Goal,
                    }, transaction, cancellationToken: ct));
                    if (v.GoalIds is { } links) await GoalLinks.ReplaceAsync(connection, transaction, GoalLinks.Kind.Risk, riskId, links, ct);
                    touched.Add(riskId);
                    break;
                case ActivityCreated(var risk, var v):
                    var activityRisk = RiskOf(risk);
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO activities (risk_id, description, measure, due, responsible, status, created_at, updated_at)
                        VALUES (@riskId, @description, @measure, @due, @responsible, @status, @now, @now)
                        """, new { riskId = activityRisk, description = v.Description, measure = v.Measure, due = v.Due, responsible = v.Responsible, status = v.Status.ToApi(), now },
                        transaction, cancellationToken: ct));
                    if (risk.Id is not null) touched.Add(activityRisk);   // a new risk's version starts with its activities
                    break;
                case ActivityUpdated(var riskId, var activityId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE activities SET description = @description, measure = @measure, due = @due, responsible = @responsible, status = @status, updated_at = @now
                        WHERE id = @activityId
                        """, new { activityId, description = v.Description, measure = v.Measure, due = v.Due, responsible = v.Responsible, status = v.Status.ToApi(), now },
                        transaction, cancellationToken: ct));
                    touched.Add(riskId);
                    break;
                case Round1Recorded(var riskId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
                        VALUES (@riskId, @handlingStatus, @observations, @events, @probability, @consequence, @now)
                        ON CONFLICT (risk_id) DO UPDATE SET
                            handling_status = excluded.handling_status, observations = excluded.observations, events = excluded.events,
                            probability = excluded.probability, consequence = excluded.consequence, recorded_at = excluded.recorded_at
                        """, new
                    {
                        riskId, handlingStatus = v.HandlingStatus!.Value.ToApi(), observations = v.Observations!.Trim(), events = v.Events!.Trim(),
                        probability = v.Probability, consequence = v.Consequence, now,
                    }, transaction, cancellationToken: ct));
                    touched.Add(riskId);
                    break;
                case Round2Recorded(var riskId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO follow_ups_2 (risk_id, result, improvement_areas, final_motivation, probability, consequence, recorded_at)
                        VALUES (@riskId, @result, @improvementAreas, @finalMotivation, @probability, @consequence, @now)
                        ON CONFLICT (risk_id) DO UPDATE SET
                            result = excluded.result, improvement_areas = excluded.improvement_areas, final_motivation = excluded.final_motivation,
                            probability = excluded.probability, consequence = excluded.consequence, recorded_at = excluded.recorded_at
                        """, new
                    {
                        riskId, result = v.Result!.Trim(), improvementAreas = v.ImprovementAreas!.Trim(), finalMotivation = v.FinalMotivation!.Trim(),
                        probability = v.Probability, consequence = v.Consequence, now,
                    }, transaction, cancellationToken: ct));
                    touched.Add(riskId);
                    break;
                case ControlCreated(var risk, var v):
                    var newControl = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                        INSERT INTO controls (plan_id, risk_id, title, description, method, frequency, scope, responsible, reported_to, due, created_at, updated_at)
                        VALUES (@planId, @riskId, @title, @description, @method, @frequency, @scope, @responsible, @reportedTo, @due, @now, @now)
                        RETURNING id
                        """, new
                    {
                        planId = plan.Id, riskId = risk is { } tied ? RiskOf(tied) : (long?)null, title = v.Title, description = v.Description,
                        method = v.Method.ToApi(), frequency = v.Frequency.ToApi(), scope = v.Scope, responsible = v.Responsible,
                        reportedTo = v.ReportedTo, due = v.Due, now,
                    }, transaction, cancellationToken: ct));
                    if (v.GoalIds is { Count: > 0 } controlLinks) await GoalLinks.ReplaceAsync(connection, transaction, GoalLinks.Kind.Control, newControl, controlLinks, ct);
                    break;
                case ControlUpdated(var controlId, var risk, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE controls SET risk_id = @riskId, title = @title, description = @description, method = @method, frequency = @frequency,
                            scope = @scope, responsible = @responsible, reported_to = @reportedTo, due = @due
                        WHERE id = @controlId
                        """, new
                    {
                        controlId, riskId = risk is { } tiedTo ? RiskOf(tiedTo) : (long?)null, title = v.Title, description = v.Description,
                        method = v.Method.ToApi(), frequency = v.Frequency.ToApi(), scope = v.Scope, responsible = v.Responsible,
                        reportedTo = v.ReportedTo, due = v.Due,
                    }, transaction, cancellationToken: ct));
                    if (v.GoalIds is { } linked) await GoalLinks.ReplaceAsync(connection, transaction, GoalLinks.Kind.Control, controlId, linked, ct);
                    touchedControls.Add(controlId);
                    break;
                case ControlResultRecorded(var controlId, var round, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO control_results (control_id, round, result, checked, deviations, actions, recorded_at)
                        VALUES (@controlId, @round, @result, @checked, @deviations, @actions, @now)
                        ON CONFLICT (control_id, round) DO UPDATE SET
                            result = excluded.result, checked = excluded.checked, deviations = excluded.deviations,
                            actions = excluded.actions, recorded_at = excluded.recorded_at
                        """, new
                    {
                        controlId, round, result = v.Result!.Trim(), @checked = v.Checked, deviations = v.Deviations, actions = Text.OrNull(v.Actions), now,
                    }, transaction, cancellationToken: ct));
                    touchedControls.Add(controlId);
                    break;
            }
        }
        // Each risk whose content changed moves its version once, and the plan once, however many rows touched them.
        foreach (var riskId in touched)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE risks SET version = version + 1, updated_at = @now WHERE id = @riskId",
                new { riskId, now }, transaction, cancellationToken: ct));
        foreach (var controlId in touchedControls)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE controls SET version = version + 1, updated_at = @now WHERE id = @controlId",
                new { controlId, now }, transaction, cancellationToken: ct));
        await write.TouchAsync(new PlanHeader(plan.Id, plan.UnitId, plan.Year, plan.Status, plan.Scale, plan.Version), now, ct);

        var after = await RiskReader.LoadForPlanAsync(connection, transaction, plan.Id, Disclosure.Full, ct);
        var controlsAfter = changes.Any(c => c is ControlCreated or ControlUpdated or ControlResultRecorded)
            ? await ControlReader.LoadForPlanAsync(connection, transaction, plan.Id, ct) : plan.HeldControls;
        return [.. Entries(plan, after, caller), .. ControlEntries(plan, controlsAfter, caller)];
    }

    /// <summary>One entry per resource that differs between the plan's risks before and after.</summary>
    internal static List<HistoryEntry> Entries(PlanView plan, IReadOnlyList<Risk> after, Caller caller)
    {
        var scale = plan.Scale;
        var before = plan.HeldRisks.ToDictionary(r => r.Id);
        var activitiesBefore = plan.HeldRisks.SelectMany(r => r.Activities).ToDictionary(a => a.Id);
        var entries = new List<HistoryEntry>();
        foreach (var risk in after.OrderBy(r => r.Id))
        {
            var at = caller.By("risk", risk.Id, "created") with { PlanId = plan.Id, RiskId = risk.Id };
            if (!before.TryGetValue(risk.Id, out var old))
            {
                // Created with its activities in the same import: each has its entry (and event), as when added one by one.
                entries.Add(at with { After = Own(risk, scale) });
                foreach (var activity in risk.Activities.OrderBy(a => a.Id))
                    entries.Add(caller.By("activity", activity.Id, "created") with { PlanId = plan.Id, RiskId = risk.Id, After = ActivityView.Of(activity) });
                continue;
            }
            // A risk's own members; its activities and rounds have entries of their own.
            if (HistoryLog.Changed(Own(old, scale), Own(risk, scale)) is { } change)
                entries.Add(at with { Action = "changed", Before = change.Before, After = change.After });
            foreach (var activity in risk.Activities.OrderBy(a => a.Id))
            {
                var activityEntry = caller.By("activity", activity.Id, "created") with { PlanId = plan.Id, RiskId = risk.Id };
                if (!activitiesBefore.TryGetValue(activity.Id, out var was))
                    entries.Add(activityEntry with { After = ActivityView.Of(activity) });
                else if (HistoryLog.Changed(ActivityView.Of(was), ActivityView.Of(activity)) is { } changed)
                    entries.Add(activityEntry with { Action = "changed", Before = changed.Before, After = changed.After });
            }
            if (risk.Round1 is { } round1)
            {
                var now1 = FollowUp1View.Of(round1, scale, risk.Value);
                var entry = caller.By("followUp1", risk.Id, "recorded") with { PlanId = plan.Id, RiskId = risk.Id };
                if (old.Round1 is null) entries.Add(entry with { After = now1 });
                else if (HistoryLog.Changed(FollowUp1View.Of(old.Round1, scale, old.Value), now1) is { } changed)
                    entries.Add(entry with { Action = "changed", Before = changed.Before, After = changed.After });
            }
            if (risk.Round2 is { } round2)
            {
                var now2 = FollowUp2View.Of(round2, scale, risk.Round1?.Value ?? risk.Value);
                var entry = caller.By("followUp2", risk.Id, "recorded") with { PlanId = plan.Id, RiskId = risk.Id };
                if (old.Round2 is null) entries.Add(entry with { After = now2 });
                else if (HistoryLog.Changed(FollowUp2View.Of(old.Round2, scale, old.Round1?.Value ?? old.Value), now2) is { } changed)
                    entries.Add(entry with { Action = "changed", Before = changed.Before, After = changed.After });
            }
        }
        return entries;
    }

    /// <summary>One entry per control created or changed, and per result recorded or corrected, as the controls' own operations write them.</summary>
    internal static List<HistoryEntry> ControlEntries(PlanView plan, IReadOnlyList<Control> after, Caller caller)
    {
        var before = plan.HeldControls.ToDictionary(c => c.Id);
        var entries = new List<HistoryEntry>();
        foreach (var control in after.OrderBy(c => c.Id))
        {
            var at = caller.By("control", control.Id, "created") with { PlanId = plan.Id, RiskId = control.RiskId };
            if (!before.TryGetValue(control.Id, out var old))
            {
                entries.Add(at with { After = ControlView.Of(control) });
                continue;
            }
            if (HistoryLog.Changed(ControlView.Of(old with { Results = [] }), ControlView.Of(control with { Results = [] })) is { } change)
                entries.Add(at with { Action = "changed", RiskId = control.RiskId ?? old.RiskId, Before = change.Before, After = change.After });
            foreach (var result in control.Results)
            {
                var was = old.ResultOf(result.Round);
                if (was is not null && HistoryLog.Changed(ControlResultView.Of(was), ControlResultView.Of(result)) is null) continue;
                entries.Add(caller.By("controlResult", control.Id, was is null ? "recorded" : "changed") with
                {
                    PlanId = plan.Id, RiskId = control.RiskId, Before = was is null ? null : ControlResultView.Of(was),
                    After = new { controlId = control.Id, result.Round, result.Result, result.Checked, result.Deviations, result.Actions, result.RecordedAt },
                });
            }
        }
        return entries;
    }

    private static RiskView Own(Risk risk, Scale scale) => RiskView.Of(risk with { Activities = [], Round1 = null, Round2 = null }, scale);
}
