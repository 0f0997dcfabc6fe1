using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>Trends against the value adopted latest before a round, lateness that stays, and rounds not yet due.</summary>
public sealed class RevisionAndRoundRulesTests
{
    private static readonly DateOnly Due = new(2025, 9, 30);
    private static readonly AdoptedValue First = new(0, "2025-02-12T10:00:00.000Z", new RiskValue(3, 3));
    private static readonly AdoptedValue Revised = new(1, "2025-08-27T10:00:00.000Z", new RiskValue(3, 4));

    [Fact]
    public void A_round_compares_with_the_value_adopted_latest_before_it()
    {
        Trends.Round1Baseline([First, Revised], "2025-06-01T00:00:00.000Z", new RiskValue(1, 1)).ShouldBe(new RiskValue(3, 3));
        Trends.Round1Baseline([First, Revised], "2025-09-01T00:00:00.000Z", new RiskValue(1, 1)).ShouldBe(new RiskValue(3, 4));
        // Without adoptions kept (a register written before them), the plan's value stands for the adoption.
        Trends.Round1Baseline([], "2025-09-01T00:00:00.000Z", new RiskValue(2, 2)).ShouldBe(new RiskValue(2, 2));
        Trends.Adopted([First, Revised]).ShouldBe(new RiskValue(3, 4));
        Trends.Adopted([]).ShouldBeNull();
    }

    [Fact]
    public void Round_2_compares_with_round_1_unless_a_revision_was_adopted_between_them()
    {
        var round1 = new FollowUp1(HandlingStatus.InProgress, "o", "e", new RiskValue(3, 3), "2025-06-01T00:00:00.000Z");
        Trends.Round2Baseline([First, Revised], round1, "2026-01-20T00:00:00.000Z", new RiskValue(1, 1)).ShouldBe(new RiskValue(3, 4));
        Trends.Round2Baseline([First], round1 with { Value = new RiskValue(2, 2) }, "2026-01-20T00:00:00.000Z", new RiskValue(1, 1)).ShouldBe(new RiskValue(2, 2));
        var afterRevision = round1 with { RecordedAt = "2025-09-15T00:00:00.000Z", Value = new RiskValue(2, 4) };
        Trends.Round2Baseline([First, Revised], afterRevision, "2026-01-20T00:00:00.000Z", new RiskValue(1, 1)).ShouldBe(new RiskValue(2, 4));
    }

    [Fact]
    public void A_round_completed_late_stays_late_once_complete()
    {
        var open = FollowUpRounds.Judge(1, 2, Due, null, null, null, new DateOnly(2025, 11, 1));
        open.Overdue.ShouldBeTrue();
        open.Late.ShouldBeFalse();
        open.RecordedAt.ShouldBeNull();

        var done = FollowUpRounds.Judge(2, 2, Due, "2025-12-01T09:00:00.000Z", "2025-12-01T09:00:00.000Z", null, new DateOnly(2026, 6, 1));
        done.Overdue.ShouldBeFalse();
        done.Late.ShouldBeTrue();
        done.RecordedAt.ShouldBe("2025-12-01T09:00:00.000Z");
    }

    [Fact]
    public void A_round_completed_in_time_and_corrected_later_is_not_late()
    {
        var state = FollowUpRounds.Judge(2, 2, Due, "2025-09-20T09:00:00.000Z", "2025-11-20T09:00:00.000Z", null, new DateOnly(2026, 1, 1));
        state.Late.ShouldBeFalse();
        state.RecordedAt.ShouldBe("2025-11-20T09:00:00.000Z");
    }

    [Fact]
    public void A_round_reported_after_its_due_date_is_late_even_when_done_in_time()
    {
        var report = new RoundReport(new DateOnly(2025, 10, 15), "§ 250", "HSN 2025-1", Complete: true);
        FollowUpRounds.Judge(2, 2, Due, "2025-09-20T09:00:00.000Z", null, report, new DateOnly(2026, 1, 1)).Late.ShouldBeTrue();
        FollowUpRounds.Judge(2, 2, Due, "2025-09-20T09:00:00.000Z", null, report with { Date = new DateOnly(2025, 9, 25) }, new DateOnly(2026, 1, 1)).Late.ShouldBeFalse();
    }

    [Fact]
    public void A_round_reopened_by_a_revision_keeps_its_lateness()
    {
        // Complete late once, then a revision added a risk: incomplete again, yet late, and overdue.
        var state = FollowUpRounds.Judge(2, 3, Due, "2025-10-05T09:00:00.000Z", "2025-10-05T09:00:00.000Z", null, new DateOnly(2025, 11, 1));
        state.Late.ShouldBeTrue();
        state.Overdue.ShouldBeTrue();
        state.RecordedAt.ShouldBeNull();
    }

    [Fact]
    public void A_round_not_yet_due_is_ej_aktuellt_never_a_deviation()
    {
        var risks = new[] { DomainRisk.Of(1, method: HandlingMethod.None) };
        AssessmentInput On(DateOnly asOf) =>
            new(2023, PlanStatus.Adopted, Scale.Default, AdoptionPolicy.Default, risks, asOf, new DateOnly(2023, 9, 30), new DateOnly(2024, 1, 31));
        var june = AssessmentCriteria.Judge(On(new DateOnly(2023, 6, 1)));
        june.Skip(2).ShouldAllBe(a => a.Verdict == Verdict.EjAktuellt);
        var october = AssessmentCriteria.Judge(On(new DateOnly(2023, 10, 1)));
        october[2].Verdict.ShouldBe(Verdict.InteUppfyllt);
        // Carried out and actions taken need uppföljning 2: not judged before it is due.
        october.Skip(3).ShouldAllBe(a => a.Verdict == Verdict.EjAktuellt);
    }
}
