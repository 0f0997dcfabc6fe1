using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Revisions;

/// <summary>
/// A plan under revision as its nämnd adopted it: what the public may read (offentlighetsprincipen covers the adopted
/// plan; the open revision is the förvaltning's proposal). The risks the open revision added are left out, with their
/// controls and the controls made since it was opened (controls are made only in a draft or an open revision); each risk
/// it changed shows its adopted texts, values, method and activities again (the ledger's snapshot, as discarding the
/// revision would restore them), its activities' statuses and its follow-ups as they stand (follow-up work, not the
/// revision's). Risks keep the document's order: highest adopted riskvärde first.
/// </summary>
public static class AdoptedState
{
    /// <summary>The risks of a plan under <paramref name="open"/> as adopted; <paramref name="disclosure"/> redacts a marked one again.</summary>
    public static List<Risk> Risks(IReadOnlyList<Risk> risks, RevisionLedger.OpenRevision open, Disclosure disclosure) =>
        risks.Where(r => !open.Added.Contains(r.Id))
            .Select(r => open.Changed.TryGetValue(r.Id, out var adopted) ? AsAdopted(r, adopted) : r)
            .As(disclosure)
            .OrderByDescending(r => r.Value.Score).ThenBy(r => r.Id).ToList();

    /// <summary>The controls of a plan under <paramref name="open"/> as adopted: none of a risk it added, none made since it opened.</summary>
    public static List<Control> Controls(IReadOnlyList<Control> controls, RevisionLedger.OpenRevision open) =>
        controls.Where(c => (c.RiskId is not { } risk || !open.Added.Contains(risk)) && !open.ControlsMade.Contains(c.Id)).ToList();

    /// <summary>The revisions a reader of the adopted plan sees: the adopted ones (a discarded one changed nothing; the open one is a proposal).</summary>
    public static List<RevisionView> Revisions(IEnumerable<RevisionView> revisions) => revisions.Where(v => v.State != RevisionState.Open).ToList();

    /// <summary>A risk an open revision changed, as adopted: its snapshot's texts, values, method and activities.</summary>
    public static Risk AsAdopted(Risk risk, RevisionLedger.Snapshot adopted)
    {
        var now = risk.Activities.ToDictionary(a => a.Id);
        return risk with
        {
            Title = adopted.Title, Description = adopted.Description, Value = new RiskValue(adopted.Probability, adopted.Consequence),
            HandlingMethod = EnumText.FromApi<HandlingMethod>(adopted.HandlingMethod), Motivation = adopted.Motivation, Category = adopted.Category,
            Owner = adopted.Owner, Goal = adopted.Goal, Consequences = adopted.Consequences,
            Activities = adopted.Activities.Select(a => new RiskActivity(a.Id, risk.Id, a.Description, a.Measure, a.Due, a.Responsible,
                    now.TryGetValue(a.Id, out var kept) ? kept.Status : EnumText.FromApi<HandlingStatus>(a.Status), kept?.CarriedOver ?? false))
                .OrderBy(a => a.Due).ThenBy(a => a.Id).ToList(),
        };
    }

    /// <summary>
    /// <paramref name="plan"/> (read for a reader of <paramref name="disclosure"/>) and its <paramref name="revisions"/> as
    /// adopted, when it is under revision; as they are otherwise.
    /// </summary>
    public static async Task<(PlanView Plan, IReadOnlyList<RevisionView> Revisions)> OfAsync(IDbConnection connection, PlanView plan, IReadOnlyList<RevisionView> revisions,
        Disclosure disclosure, CancellationToken ct)
    {
        if (plan.Status != PlanStatus.Revising || await RevisionLedger.OpenAsync(connection, null, plan.Id, ct) is not { } open) return (plan, revisions);
        plan.Show(Risks(plan.HeldRisks, open, disclosure), Controls(plan.HeldControls, open));
        return (plan, Revisions(revisions));
    }
}
