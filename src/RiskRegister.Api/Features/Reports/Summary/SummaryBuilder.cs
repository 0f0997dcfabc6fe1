using System.Globalization;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>Builds the summary from a loaded plan; all figures come from the pure functions in <c>Domain/ReportFigures</c>.</summary>
public static class SummaryBuilder
{
    public static Response Build(PlanView plan, string? boardName, DateTimeOffset now, Disclosure disclosure, IReadOnlyList<Revisions.RevisionView>? revisions = null,
        IReadOnlyList<UnitGoal>? goals = null, DateOnly? asOf = null)
    {
        var scale = plan.Scale;
        var values = plan.HeldRisks;
        // A round counts the adopted risks, as the follow-up status does: one an open revision proposes is followed up
        // once the nämnd has adopted it.
        var (round1, round2) = ReportFigures.Progress(values.Where(r => r.AddedInRevision is null || r.Adopted.Count > 0).ToList());
        return new Response
        {
            Plan = new SummaryPlan
            {
                Id = plan.Id, UnitId = plan.UnitId, UnitName = plan.UnitName, BoardName = boardName, Year = plan.Year,
                Title = plan.Title, Status = plan.Status, Decision = plan.Decision, Scale = scale,
                DocumentTitle = plan.DocumentTitle, Introduction = plan.Introduction, Process = plan.Process, FollowUpDecision = plan.FollowUpDecision,
                ActivitiesRequiredFor = plan.ActivitiesRequiredFor, Policy = plan.Policy,
                Revisions = Revised(plan, revisions ?? []),
                Round1 = plan.Round1, Round2 = plan.Round2,
            },
            Risks = plan.Risks,
            Controls = plan.Controls,
            CountsByLevel = ReportFigures.CountByLevel(scale, values),
            CountsByMethod = ReportFigures.CountByMethod(values),
            Matrix = ReportFigures.Matrix(scale, values),
            LowerRisks = plan.Risks.Where(r => r.HandlingMethod == HandlingMethod.None)
                .Select(r => new LowerRisk
                {
                    Id = r.Id, Title = r.Title, Probability = r.Probability, Consequence = r.Consequence,
                    Score = r.Score, Level = r.Level, Motivation = r.Motivation,
                }).ToList(),
            FollowUps = new FollowUpProgress
            {
                Round1 = round1, Round2 = round2,
                ControlsRound1 = Controls(plan, 1), ControlsRound2 = Controls(plan, 2),
            },
            Changes = ReportFigures.Changes(values).Select(c => new ValueChange
            {
                RiskId = c.RiskId, Title = c.Title, From = ValueView.Of(c.From, scale), To = ValueView.Of(c.To, scale), Trend = c.Trend,
                Steps = c.Steps.Select(s => new ValueStep { Stage = s.Stage, From = ValueView.Of(s.From, scale), To = ValueView.Of(s.To, scale), Trend = s.Trend }).ToList(),
            }).ToList(),
            ByGoal = GoalGroup.Of(goals ?? [], plan.Risks, plan.Controls),
            GeneratedAt = Clock.Text(now),
            AsOf = asOf ?? DateOnly.FromDateTime(now.UtcDateTime),
            LatestMatrix = ReportFigures.Matrix(scale, values, MatrixRound.Final),
            Disclosure = disclosure,
            Unmet = disclosure == Disclosure.Full ? plan.Unmet ?? PlanCriteria.Check(scale, plan.Policy, values) : [],
        };
    }

    /// <summary>
    /// The adopted and open revisions, each change with the value adopted before it and the value it adopted (open: the
    /// risk's value now, which it proposes). A risk no longer in the plan (added, then deleted again) is left out.
    /// </summary>
    private static List<SummaryRevision> Revised(PlanView plan, IReadOnlyList<Revisions.RevisionView> revisions)
    {
        var risks = plan.HeldRisks.ToDictionary(r => r.Id);
        return revisions.Where(v => v.State != Revisions.RevisionState.Discarded).Select(v => new SummaryRevision
        {
            Number = v.Number, Reason = v.Reason, State = v.State, OpenedAt = v.OpenedAt, Decision = v.Decision,
            Changes = v.Changes.Where(c => risks.ContainsKey(c.RiskId)).Select(c =>
            {
                var risk = risks[c.RiskId];
                var before = risk.Adopted.Where(a => a.Revision < v.Number).MaxBy(a => a.Revision)?.Value;
                var after = v.State == Revisions.RevisionState.Adopted ? risk.Adopted.SingleOrDefault(a => a.Revision == v.Number)?.Value ?? risk.Value : risk.Value;
                return new SummaryRevisionChange
                {
                    RiskId = c.RiskId, Change = c.Change,
                    From = c.Change == Revisions.RevisionChangeKind.Added || before is not { } was ? null : ValueView.Of(was, plan.Scale),
                    To = ValueView.Of(after, plan.Scale),
                };
            }).ToList(),
        }).ToList();
    }

    private static RoundProgress Controls(PlanView plan, int round)
    {
        var (done, total) = ControlRules.Progress(plan.HeldControls, round);
        return new RoundProgress(done, total);
    }
}
