using RiskRegister.Api.Features.Reports.FollowUpStatus;
using RiskRegister.Api.Features.Reports.InternalControl;

namespace RiskRegister.Tests.Domain;

/// <summary>The nämnd report's sentences about each round and the kontrollmoment: true for the day judged.</summary>
public sealed class ReportProseTests
{
    private static readonly DateOnly Due = new(2025, 9, 30);

    private static RoundStatus Round(int done = 10, int total = 10, string? recordedAt = null, RoundReportView? reported = null, bool late = false) =>
        new() { Done = done, Total = total, Due = Due, RecordedAt = recordedAt, Reported = reported, Late = late, Overdue = false };

    private static RoundReportView Report(int month, int day, string paragraph = "§ 87", bool complete = true) =>
        new() { Date = new DateOnly(2025, month, day), Paragraph = paragraph, CaseNumber = "HSN 1310-2024", Complete = complete };

    [Fact]
    public void A_round_done_and_reported_in_time_says_so()
    {
        ReportProse.Round(1, Round(recordedAt: "2025-08-31T09:00:00.000Z", reported: Report(9, 24, "§ 128")), new DateOnly(2025, 12, 1))
            .ShouldBe("Uppföljning 1 var klar 2025-08-31, före sista dag 2025-09-30. Den redovisades för nämnden 2025-09-24 (§\u00A0128).");
    }

    [Fact]
    public void A_round_done_and_reported_late_counts_the_days_after_the_due_date()
    {
        ReportProse.Round(1, Round(recordedAt: "2025-10-10T09:00:00.000Z", reported: Report(10, 14), late: true), new DateOnly(2025, 12, 1))
            .ShouldBe("Uppföljning 1 var klar 2025-10-10, 10 dagar efter sista dag (2025-09-30). Den redovisades för nämnden 2025-10-14 (§\u00A087), 14 dagar efter sista dag.");
    }

    [Fact]
    public void An_unfinished_round_past_its_due_date_is_late_and_unreported()
    {
        ReportProse.Round(2, Round(done: 3), new DateOnly(2025, 10, 1))
            .ShouldBe("Uppföljning 2 är försenad: 3 av 10 risker har följts upp, och sista dag var 2025-09-30. Den är ej redovisad för nämnden.");
    }

    [Fact]
    public void Before_its_due_date_nothing_is_late_or_missing()
    {
        var text = ReportProse.Round(1, Round(done: 3), new DateOnly(2025, 9, 30));
        text.ShouldBe("Uppföljning 1 ska vara klar senast 2025-09-30; 3 av 10 risker har följts upp. Den har ännu inte redovisats för nämnden.");
        text.ShouldNotContain("försenad");
        text.ShouldNotContain("ej redovisad");
    }

    [Fact]
    public void A_round_reported_unfinished_says_it_was_not_done()
    {
        ReportProse.Round(1, Round(done: 7, reported: Report(10, 1, "§ 29", complete: false), late: true), new DateOnly(2025, 10, 2))
            .ShouldBe("Uppföljning 1 är försenad: 7 av 10 risker har följts upp, och sista dag var 2025-09-30. Den redovisades för nämnden 2025-10-01 (§\u00A029) som ej klar, 1 dag efter sista dag.");
    }

    [Fact]
    public void A_correction_after_the_due_date_of_a_round_done_in_time_is_no_lateness()
    {
        ReportProse.Round(1, Round(recordedAt: "2025-11-02T09:00:00.000Z", late: false), new DateOnly(2025, 12, 1))
            .ShouldBe("Uppföljning 1 var klar före sista dag 2025-09-30 (senast ändrad 2025-11-02). Den är ej redovisad för nämnden.");
    }

    [Fact]
    public void The_controls_say_how_many_were_carried_out_the_deviations_and_whether_actions_were_taken()
    {
        ReportProse.Controls([
            new ControlRound { Round = 1, Done = 2, Total = 3, Deviations = 6, WithDeviations = 2, WithoutActions = 1 },
            new ControlRound { Round = 2, Done = 0, Total = 3 },
        ]).ShouldBe([
            "Planen har 3 kontrollmoment.",
            "Uppföljning 1: 2 av 3 kontrollmoment har genomförts, med 6 avvikelser i 2 kontrollmoment; åtgärder saknas för 1 av dem.",
            "Uppföljning 2: inget kontrollmoment har genomförts ännu.",
        ]);
        ReportProse.Controls([new ControlRound { Round = 1, Done = 1, Total = 1, Deviations = 1, WithDeviations = 1, WithoutActions = 1 }])
            .ShouldBe(["Planen har 1 kontrollmoment.", "Uppföljning 1: 1 av 1 kontrollmoment har genomförts, med 1 avvikelse i 1 kontrollmoment; inga åtgärder är redovisade."]);
        ReportProse.Controls([new ControlRound { Round = 1, Done = 2, Total = 2 }])[1].ShouldBe("Uppföljning 1: 2 av 2 kontrollmoment har genomförts, utan avvikelser.");
        ReportProse.Controls([new ControlRound { Round = 1, Total = 0 }, new ControlRound { Round = 2, Total = 0 }]).ShouldBe(["Planen har inga kontrollmoment."]);
    }

    [Fact]
    public void A_count_of_one_takes_the_singular_as_swedish_does()
    {
        ReportProse.OfTotal(0, 1, "risk", "risker").ShouldBe("0 av 1 risk");
        ReportProse.OfTotal(1, 1, "risk", "risker").ShouldBe("1 av 1 risk");
        ReportProse.OfTotal(1, 2, "risk", "risker").ShouldBe("1 av 2 risker");
        ReportProse.OfTotal(0, 0, "risk", "risker").ShouldBe("0 av 0 risker");
        ReportProse.Round(1, Round(done: 0, total: 1), new DateOnly(2025, 10, 2))
            .ShouldBe("Uppföljning 1 är försenad: 0 av 1 risk har följts upp, och sista dag var 2025-09-30. Den är ej redovisad för nämnden.");
        ReportProse.Round(2, Round(done: 0, total: 1), new DateOnly(2025, 9, 1))
            .ShouldBe("Uppföljning 2 ska vara klar senast 2025-09-30; 0 av 1 risk har följts upp. Den har ännu inte redovisats för nämnden.");
    }

    [Fact]
    public void The_plan_documents_round_sentence_has_the_noun_singular_for_a_plan_of_one_risk()
    {
        RiskRegister.Api.Features.Reports.Summary.PlanDocument.Followed(new RiskRegister.Api.Domain.RoundProgress(1, 1)).ShouldBe("Planens enda risk har följts upp.");
        RiskRegister.Api.Features.Reports.Summary.PlanDocument.Followed(new RiskRegister.Api.Domain.RoundProgress(0, 1)).ShouldBe("Planens enda risk har inte följts upp ännu.");
        RiskRegister.Api.Features.Reports.Summary.PlanDocument.Followed(new RiskRegister.Api.Domain.RoundProgress(2, 2)).ShouldBe("Samtliga 2 risker har följts upp.");
        RiskRegister.Api.Features.Reports.Summary.PlanDocument.Followed(new RiskRegister.Api.Domain.RoundProgress(1, 3)).ShouldBe("1 av 3 risker har följts upp.");
    }
}
