using System.Globalization;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>Builds the summary from a loaded plan; all figures come from the pure functions in <c>Domain/ReportFigures</c>.</summary>
public static class SummaryBuilder
{
    public static Response Build(PlanView plan, string? boardName, DateTimeOffset now, Disclosure disclosure, IReadOnlyList<UnitGoal>? goals = null)
    {
        var scale = plan.Scale;
        var values = plan.HeldRisks;
        var (round1, round2) = ReportFigures.Progress(values);
        return new Response
        {
            Plan = new SummaryPlan
            {
                Id = plan.Id, UnitId = plan.UnitId, UnitName = plan.UnitName, BoardName = boardName, Year = plan.Year,
                Title = plan.Title, Status = plan.Status, Decision = plan.Decision, Scale = scale,
                DocumentTitle = plan.DocumentTitle, Introduction = plan.Introduction, Process = plan.Process, FollowUpDecision = plan.FollowUpDecision,
                ActivitiesRequiredFor = plan.ActivitiesRequiredFor, Policy = plan.Policy,
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
            LatestMatrix = ReportFigures.Matrix(scale, values, MatrixRound.Final),
            Disclosure = disclosure,
            Unmet = disclosure == Disclosure.Full ? PlanCriteria.Check(scale, plan.Policy, values) : [],
        };
    }

    private static RoundProgress Controls(PlanView plan, int round)
    {
        var (done, total) = ControlRules.Progress(plan.HeldControls, round);
        return new RoundProgress(done, total);
    }
}
