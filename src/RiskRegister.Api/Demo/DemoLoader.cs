using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Demo;

/// <summary>
/// Loads <see cref="SeedCase.Norv"/>, and beside it a second region's nämnd-level plan (<see cref="Vasterbotten"/>), so a newcomer sees a realistic register at once (configuration <c>Demo:Load=true</c>,
/// <c>make demo</c>). Writes in one transaction, and only into a database without units: demo data never mixes with real data.
/// The plans use the region's default 4 × 4 scale the seed values were assessed on, whatever the configuration says.
/// </summary>
public sealed class DemoLoader(Db db, ILogger<DemoLoader> log)
{
    /// <summary>True when the demo was loaded; false when the database already had units.</summary>
    public async Task<bool> LoadIfEmptyAsync(CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        // Two instances started together with Demo:Load: the second waits, then finds the units.
        await RowLocks.SerializeAsync(connection, transaction, RowLocks.Kind.UnitNames, ct);
        var units = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM units", transaction: transaction, cancellationToken: ct));
        if (units > 0)
        {
            log.LogInformation("Demo data not loaded: the database already has {Units} units.", units);
            return false;
        }

        var board = SeedCase.Norv;
        var created = Stamp(2023, 3, 1);
        var boardId = await Insert(connection, transaction, ct, """
            INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'board', NULL, @created) RETURNING id
            """, new { name = board.Name, created });
        // Region Skåne's five overall goals (seed 003) as the nämnd's goals: the risks that name one link to it.
        var goals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var goal in SeedCase.OverallGoals)
            goals[goal] = await Insert(connection, transaction, ct, """
                INSERT INTO goals (unit_id, title, description, created_at, updated_at) VALUES (@boardId, @goal, @description, @created, @created) RETURNING id
                """, new { boardId, goal, description = "Region Skånes övergripande mål (vision: Framtidstro och livskvalitet).", created });
        var history = new List<HistoryEntry>();
        foreach (var plan in board.Plans)
        {
            var unitId = await Insert(connection, transaction, ct, """
                INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'administration', @boardId, @created) RETURNING id
                """, new { name = plan.UnitName, boardId, created = Stamp(plan.Year, 3, 1) });
            history.Add(await WritePlanAsync(connection, transaction, unitId, plan, null, "Demo data: the NORV seed case", ct, goals: goals));
        }
        history.Add(await WriteVasterbottenAsync(connection, transaction, ct));
        await write.CommitAsync(history, ct);
        log.LogInformation("Demo data loaded: {Board} with {Plans} plans, and {Second} with its own plan.", board.Name, board.Plans.Count, Vasterbotten.BoardName);
        return true;
    }

    /// <summary>
    /// The second region (<see cref="Vasterbotten"/>): the nämnd, its förvaltning with three områden below it, and one
    /// plan for the nämnd itself, its tillsynsplan.
    /// </summary>
    private static async Task<HistoryEntry> WriteVasterbottenAsync(IDbConnection c, IDbTransaction t, CancellationToken ct)
    {
        var created = Stamp(2024, 11, 28);
        var boardId = await Insert(c, t, ct, """
            INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'board', NULL, @created) RETURNING id
            """, new { name = Vasterbotten.BoardName, created });
        var administrationId = await Insert(c, t, ct, """
            INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'administration', @boardId, @created) RETURNING id
            """, new { name = Vasterbotten.Administration, boardId, created });
        foreach (var area in Vasterbotten.Areas)
            await Insert(c, t, ct, """
                INSERT INTO units (name, kind, parent_id, created_at) VALUES (@name, 'department', @administrationId, @created) RETURNING id
                """, new { name = area, administrationId, created });
        return await WritePlanAsync(c, t, boardId, Vasterbotten.Plan, Vasterbotten.Texts, "Demo data: Region Västerbotten's hälso- och sjukvårdsnämnd (seed 004)", ct,
            Vasterbotten.Revision, Vasterbotten.Round1Report);
    }

    private static async Task<HistoryEntry> WritePlanAsync(IDbConnection c, IDbTransaction t, long unitId, DemoPlan plan, DemoPlanTexts? texts, string source, CancellationToken ct,
        DemoRevision? revision = null, DemoDecision? round1Report = null, IReadOnlyDictionary<string, long>? goals = null)
    {
        static string Noon(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T12:00:00.000Z";
        // Drafted before the nämnd adopted it: in March, or four weeks before an earlier decision (Västerbotten's in February).
        var drafted = plan.Decision.Date.AddDays(-28);
        var created = drafted < new DateOnly(plan.Year, 3, 1) ? Stamp(drafted.Year, drafted.Month, drafted.Day) : Stamp(plan.Year, 3, 1);
        var adopted = plan.Decision.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T12:00:00.000Z";
        var round1At = Stamp(plan.Year, 8, 31);
        var round2At = Stamp(plan.Year + 1, 1, 25);
        var planId = await Insert(c, t, ct, """
            INSERT INTO plans (unit_id, year, title, status, scale, decision_date, decision_paragraph, decision_case_number,
                               document_title, introduction, process, follow_up_decision, created_at, updated_at)
            VALUES (@unitId, @year, @title, 'adopted', @scale, @date, @paragraph, @caseNumber,
                    @documentTitle, @introduction, @process, @followUpDecision, @created, @updated) RETURNING id
            """, new
            {
                unitId, year = plan.Year, title = texts?.Title, scale = PlanHeader.WriteScale(Scale.Default), date = plan.Decision.Date,
                paragraph = plan.Decision.Paragraph, caseNumber = plan.Decision.CaseNumber, created,
                documentTitle = texts?.DocumentTitle ?? PlanSettings.DefaultDocumentTitle,
                introduction = texts?.Introduction, process = texts?.Process, followUpDecision = texts?.FollowUpDecision,
                updated = plan.Risks.Any(r => r.Round2 is not null) ? round2At : round1At,
            });
        if (revision is not null)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO plan_revisions (plan_id, number, reason, state, opened_at, ended_at, decision_date, decision_paragraph, decision_case_number)
                VALUES (@planId, @number, @reason, 'adopted', @opened, @ended, @date, @paragraph, @caseNumber)
                """, new
                {
                    planId, number = revision.Number, reason = revision.Reason, opened = Noon(revision.OpenedOn), ended = Noon(revision.Decision.Date),
                    date = revision.Decision.Date, paragraph = revision.Decision.Paragraph, caseNumber = revision.Decision.CaseNumber,
                }, t, cancellationToken: ct));
        var riskIds = new List<long>();
        foreach (var risk in plan.Risks)
        {
            var added = revision is not null && revision.Added.Contains(risk.Title);
            var changed = revision?.Changed.SingleOrDefault(r => r.Title == risk.Title);
            var riskId = await Insert(c, t, ct, """
                INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation, category, owner, goal, created_at, updated_at, added_in_revision)
                VALUES (@planId, @title, @description, @probability, @consequence, @method, @motivation, @category, @owner, @goal, @created, @updated, @addedInRevision)
                RETURNING id
                """, new
                {
                    planId, title = risk.Title, description = risk.Description, probability = risk.Probability, consequence = risk.Consequence,
                    method = risk.HandlingMethod.ToApi(), motivation = risk.Motivation, category = risk.Category, owner = risk.Owner, goal = risk.Goal,
                    created = added ? Noon(revision!.OpenedOn) : created, updated = added || changed is not null ? Noon(revision!.OpenedOn) : created,
                    addedInRevision = added ? (long?)revision!.Number : null,
                });
            // Its value as the nämnd adopted it (adoptedScore; the trends compare with it): with the plan, unless a revision
            // added it; and again at the revision's value when the revision added or re-assessed it.
            if (!added)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence) VALUES (@riskId, 0, @adopted, @probability, @consequence)
                    """, new { riskId, adopted, probability = changed?.AdoptedProbability ?? risk.Probability, consequence = changed?.AdoptedConsequence ?? risk.Consequence },
                    t, cancellationToken: ct));
            if (added || changed is not null)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence) VALUES (@riskId, @number, @adoptedAt, @probability, @consequence)
                    """, new { riskId, number = revision!.Number, adoptedAt = Noon(revision.Decision.Date), probability = risk.Probability, consequence = risk.Consequence },
                    t, cancellationToken: ct));
                // No snapshot of the risk before: it only serves to discard an open revision, and this one is adopted.
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO plan_revision_changes (plan_id, number, risk_id, change) VALUES (@planId, @number, @riskId, @change)
                    """, new { planId, number = revision.Number, riskId, change = added ? "added" : "changed" }, t, cancellationToken: ct));
            }
            riskIds.Add(riskId);
            if (risk.Goal is { } named && goals?.GetValueOrDefault(named) is { } goalId and > 0)
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO risk_goals (risk_id, goal_id) VALUES (@riskId, @goalId)", new { riskId, goalId }, t, cancellationToken: ct));
            foreach (var a in risk.Activities)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO activities (risk_id, description, measure, due, responsible, status, created_at, updated_at)
                    VALUES (@riskId, @description, @measure, @due, @responsible, @status, @created, @created)
                    """, new { riskId, description = a.Description, measure = a.Measure, due = a.Due, responsible = a.Responsible, status = a.Status.ToApi(), created },
                    t, cancellationToken: ct));
            if (risk.Round1 is { } r1)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
                    VALUES (@riskId, @status, @observations, @events, @probability, @consequence, @at)
                    """, new { riskId, status = r1.HandlingStatus.ToApi(), observations = r1.Observations, events = r1.Events, probability = r1.Probability, consequence = r1.Consequence, at = round1At },
                    t, cancellationToken: ct));
            if (risk.Round2 is { } r2)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO follow_ups_2 (risk_id, result, improvement_areas, final_motivation, probability, consequence, recorded_at)
                    VALUES (@riskId, @result, @improvementAreas, @finalMotivation, @probability, @consequence, @at)
                    """, new { riskId, result = r2.Result, improvementAreas = r2.ImprovementAreas, finalMotivation = r2.FinalMotivation, probability = r2.Probability, consequence = r2.Consequence, at = round2At },
                    t, cancellationToken: ct));
        }
        if (round1Report is not null)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO follow_up_rounds (plan_id, round, completed_at, report_date, report_paragraph, report_case_number, report_complete, reported_at)
                VALUES (@planId, 1, @round1At, @date, @paragraph, @caseNumber, 1, @reportedAt)
                """, new { planId, round1At, date = round1Report.Date, paragraph = round1Report.Paragraph, caseNumber = round1Report.CaseNumber, reportedAt = Noon(round1Report.Date) },
                t, cancellationToken: ct));
        // The review is of the first risk with activities; a plan of lower risks alone (Medicinsk service) has none, and
        // there the review is of its first risk's value, not of activities it does not have.
        var reviewed = plan.Risks.Select((r, i) => r.Activities.Count > 0 ? i : -1).FirstOrDefault(i => i >= 0, -1);
        await WriteControlsAsync(c, t, planId, riskIds[Math.Max(reviewed, 0)], reviewed >= 0,
            plan.Risks.Any(r => r.Round1 is not null), plan.Risks.Any(r => r.Round2 is not null), created, round1At, round2At, ct);
        // The review serves its risk's goal; the attest control a long-term strong economy.
        if (goals is not null)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO control_goals (control_id, goal_id)
                SELECT c.id, COALESCE((SELECT rg.goal_id FROM risk_goals rg WHERE rg.risk_id = c.risk_id ORDER BY rg.goal_id LIMIT 1), @economy)
                FROM controls c WHERE c.plan_id = @planId
                """, new { planId, economy = goals[SeedCase.OverallGoals[^1]] }, t, cancellationToken: ct));
        // History says where the data came from, committed with the data.
        return new HistoryEntry
        {
            ClientName = "demo", Entity = "plan", EntityId = planId, Action = "created", PlanId = planId,
            After = new { source, plan.UnitName, plan.Year, risks = plan.Risks.Count },
        };
    }

    /// <summary>
    /// Two kontrollmoment a förvaltning's plan holds besides its risks: a review of one of its risks (of its activities,
    /// where it has some), and the attest control that stands alone; each with its result in the rounds the plan's risks
    /// were followed up in.
    /// </summary>
    private static async Task WriteControlsAsync(IDbConnection c, IDbTransaction t, long planId, long reviewedRiskId, bool hasActivities, bool round1, bool round2,
        string created, string round1At, string round2At, CancellationToken ct)
    {
        // Of its activities where the risk has some, else of the risk itself; the rest of the review is the same.
        var (reviewTitle, reviewScope, reviewResults) = hasActivities
            ? ("Genomgång av riskens åtgärder i ledningsgruppen", "Samtliga aktiviteter under risken",
                new[] { ("Aktiviteterna följer tidplanen.", 3, 0, (string?)null), ("Aktiviteterna genomförda.", 3, 0, null) })
            : ("Genomgång av risken i ledningsgruppen", "Riskvärde och händelser",
                new[] { ("Risken är genomgången; riskvärdet och händelserna redovisas i uppföljning 1.", 1, 0, (string?)null),
                    ("Risken är genomgången; slutligt riskvärde redovisas i uppföljning 2.", 1, 0, null) });
        var controls = new[]
        {
            (RiskId: (long?)reviewedRiskId, Title: reviewTitle, Method: ControlMethod.Genomgang, Frequency: ControlFrequency.Tertialvis,
                Scope: reviewScope, Responsible: "Förvaltningschef", ReportedTo: "Nämnden", Results: reviewResults),
            (RiskId: (long?)null, Title: "Attest av fakturor", Method: ControlMethod.Stickprov, Frequency: ControlFrequency.Halvarsvis,
                Scope: "60 fakturor per halvår", Responsible: "Controller", ReportedTo: "Förvaltningsledningen",
                Results: new[] { ("5 av 60 fakturor saknade attest.", 60, 5, (string?)"Attestanterna har fått utbildning."), ("1 av 60 fakturor saknade attest.", 60, 1, "Påminnelse till berörd chef.") }),
        };
        foreach (var control in controls)
        {
            var controlId = await Insert(c, t, ct, """
                INSERT INTO controls (plan_id, risk_id, title, method, frequency, scope, responsible, reported_to, created_at, updated_at)
                VALUES (@planId, @riskId, @title, @method, @frequency, @scope, @responsible, @reportedTo, @created, @created)
                RETURNING id
                """, new
                {
                    planId, riskId = control.RiskId, title = control.Title, method = control.Method.ToApi(), frequency = control.Frequency.ToApi(),
                    scope = control.Scope, responsible = control.Responsible, reportedTo = control.ReportedTo, created,
                });
            foreach (var (round, done, at) in new[] { (1, round1, round1At), (2, round2, round2At) })
            {
                if (!done) continue;
                var (result, @checked, deviations, actions) = control.Results[round - 1];
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO control_results (control_id, round, result, checked, deviations, actions, recorded_at)
                    VALUES (@controlId, @round, @result, @checked, @deviations, @actions, @at)
                    """, new { controlId, round, result, @checked, deviations, actions, at }, t, cancellationToken: ct));
            }
        }
    }

    private static Task<long> Insert(IDbConnection c, IDbTransaction t, CancellationToken ct, string sql, object args) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(sql, args, t, cancellationToken: ct));

    private static string Stamp(int year, int month, int day) => $"{year:D4}-{month:D2}-{day:D2}T09:00:00.000Z";
}
