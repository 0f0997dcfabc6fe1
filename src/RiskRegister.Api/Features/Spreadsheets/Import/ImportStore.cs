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
        foreach (var change in changes)
        {
            switch (change)
            {
                case RiskCreated(var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, goal, created_at, updated_at)
                        VALUES (@planId, @title, @description, @probability, @consequence, @handlingMethod, @motivation, @category, @owner, @goal, @now, @now)
                        """, new
                    {
                        planId = plan.Id, title = v.Title, description = v.Description, probability = v.Probability, consequence = v.Consequence,
                        handlingMethod = v.Method.ToApi(), motivation = v.Motivation, category = v.Category, owner = v.Owner, goal = v.Goal, now,
                    }, transaction, cancellationToken: ct));
                    break;
                case RiskUpdated(var riskId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE risks SET title = @title, description = @description, probability = @probability, consequence = @consequence,
                            handling_method = @handlingMethod, motivation = @motivation, category = @category, owner = @owner, goal = @goal
                        WHERE id = @riskId
                        """, new
                    {
                        riskId, title = v.Title, description = v.Description, probability = v.Probability, consequence = v.Consequence,
                        handlingMethod = v.Method.ToApi(), motivation = v.Motivation, category = v.Category, owner = v.Owner, goal = v.Goal,
                    }, transaction, cancellationToken: ct));
                    touched.Add(riskId);
                    break;
                case ActivityCreated(var riskId, var v):
                    await connection.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO activities (risk_id, description, measure, due, responsible, status, created_at, updated_at)
                        VALUES (@riskId, @description, @measure, @due, @responsible, @status, @now, @now)
                        """, new { riskId, description = v.Description, measure = v.Measure, due = v.Due, responsible = v.Responsible, status = v.Status.ToApi(), now },
                        transaction, cancellationToken: ct));
                    touched.Add(riskId);
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
            }
        }
        // Each risk whose content changed moves its version once, and the plan once, however many rows touched them.
        foreach (var riskId in touched)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE risks SET version = version + 1, updated_at = @now WHERE id = @riskId",
                new { riskId, now }, transaction, cancellationToken: ct));
        await write.TouchAsync(new PlanHeader(plan.Id, plan.UnitId, plan.Year, plan.Status, plan.Scale, plan.Version), now, ct);

        var after = await RiskReader.LoadForPlanAsync(connection, transaction, plan.Id, Disclosure.Full, ct);
        return Entries(plan, after, caller);
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
                entries.Add(at with { After = RiskView.Of(risk, scale) });
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

    private static RiskView Own(Risk risk, Scale scale) => RiskView.Of(risk with { Activities = [], Round1 = null, Round2 = null }, scale);
}
