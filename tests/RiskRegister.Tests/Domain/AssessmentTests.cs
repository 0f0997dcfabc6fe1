using RiskRegister.Api.Demo;
using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>The auditors' six areas judged on plans held in memory (no HTTP, no SQL).</summary>
public sealed class AssessmentTests
{
    private static readonly DateOnly Round1Due = new(2023, 9, 30), Round2Due = new(2024, 1, 31), AfterTheYear = new(2024, 3, 1);

    private static Risk Risk(string title, HandlingMethod method, string? motivation = "En tillräckligt utförlig motivering till vald hanteringsmetod.",
        bool activity = false, bool round1 = true, bool round2 = true, int p = 2, int finalP = 2, string improvementAreas = "Förbättringsområden") =>
        DomainRisk.Of(1, title, p, 2, method, "Beskrivning", motivation,
            activities: activity ? [DomainRisk.Activity(due: new DateOnly(2023, 10, 1), status: HandlingStatus.Done)] : [],
            round1: round1 ? DomainRisk.Round1(p, 2) : null,
            round2: round2 ? DomainRisk.Round2(finalP, 2, improvementAreas: improvementAreas) : null);

    private static AssessmentInput Plan(IReadOnlyList<Risk> risks, DateOnly? asOf = null, PlanStatus status = PlanStatus.Adopted, int? before = null, AdoptionPolicy? policy = null) =>
        new(2023, status, Scale.Default, policy ?? AdoptionPolicy.Default, risks, asOf ?? AfterTheYear, Round1Due, Round2Due,
            new DateOnly(2023, 4, 26), "§ 12", before);

    private static IReadOnlyList<AssessedArea> Judge(IReadOnlyList<Risk> risks, DateOnly? asOf = null, PlanStatus status = PlanStatus.Adopted, int? before = null) =>
        AssessmentCriteria.Judge(Plan(risks, asOf, status, before));

    /// <summary>The seed plan as the demo holds it, with the recorded dates of the demo loader.</summary>
    private static IReadOnlyList<Risk> Seed(DemoPlan plan) => plan.Risks.Select((r, i) => new Risk(i + 1, 1, r.Title, r.Description,
        new RiskValue(r.Probability, r.Consequence), r.HandlingMethod, r.Motivation, r.Category, r.Owner, r.Goal, null,
        r.Activities.Select((a, j) => new RiskActivity(j + 1, i + 1, a.Description, a.Measure, a.Due, a.Responsible, a.Status)).ToList(),
        r.Round1 is { } r1 ? new FollowUp1(r1.HandlingStatus, r1.Observations, r1.Events, new RiskValue(r1.Probability, r1.Consequence), "2023-08-31T09:00:00.000Z") : null,
        r.Round2 is { } r2 ? new FollowUp2(r2.Result, r2.ImprovementAreas, r2.FinalMotivation, new RiskValue(r2.Probability, r2.Consequence), "2024-01-25T09:00:00.000Z") : null,
        1, "2023-03-01T09:00:00.000Z", "2023-03-01T09:00:00.000Z")).ToList();

    [Fact]
    public void The_six_areas_come_in_the_auditors_order_with_their_titles()
    {
        var areas = Judge([Risk("A", HandlingMethod.None)]);
        areas.Select(a => a.Area.ToApi()).ShouldBe(["established", "contents", "followUp1", "followUp2", "carriedOut", "actions"]);
        areas[0].Title.ShouldBe("Upprättat riskanalys- och riskhanteringsplan");
        areas[4].Title.ShouldBe("Genomfört riskanalys- och riskhanteringsplan");
        areas[5].Title.ShouldBe("Vidtagna åtgärder för att stärka den interna kontrollen");
    }

    [Fact]
    public void Digitalisering_IT_och_MT_2023_is_judged_as_the_auditors_judged_it()
    {
        var areas = Judge(Seed(SeedCase.DigitaliseringPlan), before: 12);

        areas.Select(a => a.Verdict).ShouldBe([Verdict.Uppfyllt, Verdict.InteHeltUppfyllt, Verdict.Uppfyllt, Verdict.Uppfyllt, Verdict.Uppfyllt, Verdict.Uppfyllt]);
        // Inte helt uppfyllt for the measure and timeline the auditors asked for at bevakning, and for nothing else.
        areas[1].Findings.Count.ShouldBe(4);
        areas[1].Findings.ShouldAllBe(f => f.EndsWith("(bevakning) saknar aktivitet med mätvärde och tidplan."));
        areas[1].Findings.ShouldNotContain(f => f.Contains("lägre risker"));
        areas[1].Observations.ShouldContain("Planen innehåller totalt 5 risker för 2023, där 1 risk ska granskas och 4 risker ska bevakas.");
        areas[1].Observations.ShouldContain("(2022 innefattade planen totalt 12 risker.)");
        areas[2].Observations.ShouldContain($"Risken \"{SeedCase.Tjansteleverans}\" har ökat från 6 (3x2) till 9 (3x3).");
        areas[3].Observations.ShouldContain($"Risken \"{SeedCase.Tjansteleverans}\" har ökat från 6 (3x2) till 9 (3x3).");
        areas[4].Observations.ShouldContain("Beslutad plan har genomförts. Samtliga 5 risker har följts upp vid två tillfällen.");
        AssessmentCriteria.Conclude(areas).ShouldBe(Conclusion.InteHeltTillracklig);
    }

    [Fact]
    public void Medicinsk_service_lists_its_lower_risks_and_is_not_criticised_for_a_yellow_risk_without_a_method()
    {
        var areas = Judge(Seed(SeedCase.MedicinskServicePlan), before: 14);

        areas[1].Verdict.ShouldBe(Verdict.Uppfyllt);
        areas[1].Observations.ShouldContain("Planen innehåller totalt 13 risker för 2023, där samtliga är lägre risker utan hanteringsmetod.");
        areas[2].Observations.ShouldContain($"Risken \"{SeedCase.Kemikaliehantering}\" har ökat från 6 (2x3) till 9 (3x3).");
        areas[5].Findings.ShouldBeEmpty();
    }

    [Fact]
    public void A_value_a_revision_changed_is_described_as_changed_since_adoption_not_as_unchanged()
    {
        // Adopted at 4 (2x2), raised to 6 (3x2) by revision 1, followed up at 6: the plan's value is the revised one.
        var revised = Risk("Reviderad", HandlingMethod.Granskning, activity: true, p: 3, finalP: 3) with
        {
            Adoptions = [new AdoptedValue(0, "2023-03-01T09:00:00.000Z", new RiskValue(2, 2)), new AdoptedValue(1, "2023-06-01T09:00:00.000Z", new RiskValue(3, 2))],
        };
        var kept = Risk("Oförändrad", HandlingMethod.None) with { Id = 2, Adoptions = [new AdoptedValue(0, "2023-03-01T09:00:00.000Z", new RiskValue(2, 2))] };

        var areas = Judge([revised, kept]);

        foreach (var round in areas.Where(a => a.Area is AuditArea.FollowUp1 or AuditArea.FollowUp2))
        {
            round.Observations.ShouldContain("Risken \"Reviderad\" har ökat från 4 (2x2) till 6 (3x2) vid revideringen.");
            round.Observations.ShouldContain("Övriga riskvärden är oförändrade.");
            round.Observations.ShouldNotContain(o => o.Contains("oförändrade sedan"));
        }
        // Moved by the revision and again at the follow-up: each move told apart, as the printed plan's trend tells it
        // (raised to 6 by the revision, then lowered, or raised, at the follow-up; even back to the adopted value).
        var movedAgain = revised with { Round1 = DomainRisk.Round1(4, 2), Round2 = DomainRisk.Round2(4, 2) };
        Judge([movedAgain, kept])[2].Observations.ShouldContain("Risken \"Reviderad\" har ökat från 4 (2x2) till 6 (3x2) vid revideringen och ökat till 8 (4x2) vid uppföljningen.");
        var movedBack = revised with { Round1 = DomainRisk.Round1(2, 2), Round2 = DomainRisk.Round2(2, 2) };
        Judge([movedBack, kept])[2].Observations.ShouldBe(
            ["Samtliga 2 risker har följts upp vid uppföljning 1.", "Uppföljningen var klar 2023-09-30, inom tidplanen (2023-09-30).",
             "Risken \"Reviderad\" har ökat från 4 (2x2) till 6 (3x2) vid revideringen och minskat till 4 (2x2) vid uppföljningen.", "Övriga riskvärden är oförändrade."]);
        // Followed up at 6 first, then revised to 6: the follow-up moved it, not the revision.
        var revisedAfter = revised with { Adoptions = [revised.Adopted[0], revised.Adopted[1] with { AdoptedAt = "2024-02-15T09:00:00.000Z" }] };
        Judge([revisedAfter, kept])[2].Observations.ShouldContain("Risken \"Reviderad\" har ökat från 4 (2x2) till 6 (3x2).");
        // A risk a revision added, unchanged since: not "since the plan was adopted", which was before it existed.
        var added = kept with { Id = 3, AddedInRevision = 1, Adoptions = [new AdoptedValue(1, "2023-06-01T09:00:00.000Z", new RiskValue(2, 2))] };
        Judge([kept, added])[2].Observations.ShouldContain("Riskvärdena är oförändrade sedan de fastställdes.");
        Judge([kept])[2].Observations.ShouldContain("Riskvärdena är oförändrade sedan planen fastställdes.");
    }

    [Fact]
    public void A_round_not_done_says_when_it_is_due_and_once_past_when_it_was_due()
    {
        var risks = new[] { Risk("A", HandlingMethod.None, round1: false, round2: false) };
        Judge(risks, asOf: new DateOnly(2023, 9, 1))[2].Observations.ShouldBe(["0 av 1 risk har följts upp; uppföljningen ska vara klar senast 2023-09-30."]);
        Judge(risks, asOf: Round1Due)[2].Observations.ShouldBe(["0 av 1 risk har följts upp; uppföljningen ska vara klar senast 2023-09-30."]);
        Judge(risks, asOf: AfterTheYear)[2].Observations.ShouldBe(["0 av 1 risk har följts upp; uppföljningen skulle ha varit klar senast 2023-09-30."]);
    }

    /// <summary>A round as the register keeps it: first complete at <paramref name="completedAt"/>, reported to the nämnd or not.</summary>
    private static RoundState Kept(DateOnly due, string completedAt, RoundReport? report = null) =>
        FollowUpRounds.Judge(1, 1, due, completedAt, completedAt, report, AfterTheYear);

    private static IReadOnlyList<AssessedArea> JudgeKept(RoundState round1, RoundState round2) =>
        AssessmentCriteria.Judge(Plan([Risk("A", HandlingMethod.None)]) with { Round1State = round1, Round2State = round2 });

    [Fact]
    public void A_round_done_late_stays_a_deviation_and_a_correction_after_the_due_date_is_none()
    {
        var onTime2 = Kept(Round2Due, "2024-01-25T09:00:00.000Z", new RoundReport(new DateOnly(2024, 1, 30), "§ 3", "2023-POL000381", true));
        // Done 2023-10-12, after its due date 2023-09-30: a finding, not only a description, and it does not vanish.
        var late = JudgeKept(Kept(Round1Due, "2023-10-12T09:00:00.000Z"), onTime2);
        late[2].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        late[2].Findings.ShouldBe(["Uppföljning 1 blev klar 2023-10-12, efter tidplanen (2023-09-30)."]);
        AssessmentCriteria.Conclude(late).ShouldBe(Conclusion.InteHeltTillracklig);

        // First complete in time, corrected in December (the risk's recordedAt is then December): in time, as the
        // follow-up status and the nämnd report say.
        var corrected = FollowUpRounds.Judge(1, 1, Round1Due, "2023-09-20T09:00:00.000Z", "2023-12-01T09:00:00.000Z", null, AfterTheYear);
        var areas = JudgeKept(corrected, onTime2);
        areas[2].Verdict.ShouldBe(Verdict.Uppfyllt);
        areas[2].Observations.ShouldContain("Uppföljningen var klar 2023-09-20, inom tidplanen (2023-09-30).");
        areas[3].Observations.ShouldContain("Uppföljningen var klar 2024-01-25, inom tidplanen (2024-01-31).");
    }

    [Fact]
    public void The_nämnds_handling_of_a_round_is_told_and_a_report_after_the_due_date_is_a_deviation()
    {
        var done = "2023-09-01T09:00:00.000Z";
        var round2 = Kept(Round2Due, "2024-01-25T09:00:00.000Z");
        var reported = JudgeKept(Kept(Round1Due, done, new RoundReport(new DateOnly(2023, 9, 24), "§ 128", "HSN 1310-2024", true)), round2);
        reported[2].Verdict.ShouldBe(Verdict.Uppfyllt);
        reported[2].Observations.ShouldContain("Uppföljningen redovisades för nämnden 2023-09-24 § 128.");
        // The register holds no handling of round 2: said, not judged (the minutes are the record of the meetings).
        reported[3].Verdict.ShouldBe(Verdict.Uppfyllt);
        reported[3].Observations.ShouldContain("Registret har ingen uppgift om att uppföljningen har redovisats för nämnden.");

        var unfinished = JudgeKept(Kept(Round1Due, done, new RoundReport(new DateOnly(2023, 9, 24), "§ 29", "2023-POL000381", false)), round2);
        unfinished[2].Observations.ShouldContain("Uppföljningen redovisades för nämnden 2023-09-24 § 29 som ej klar.");

        var lateReport = JudgeKept(Kept(Round1Due, done, new RoundReport(new DateOnly(2023, 10, 18), "§ 140", "HSN 1310-2024", true)), round2);
        lateReport[2].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        lateReport[2].Findings.ShouldBe(["Uppföljning 1 redovisades för nämnden 2023-10-18 § 140, efter tidplanen (2023-09-30)."]);
        lateReport[2].Observations.ShouldContain("Uppföljningen var klar 2023-09-01, inom tidplanen (2023-09-30).");
    }

    [Fact]
    public void A_complete_plan_is_uppfyllt_in_every_area_and_tillracklig()
    {
        var areas = Judge([Risk("A", HandlingMethod.Granskning, activity: true), Risk("B", HandlingMethod.None, improvementAreas: "")]);

        areas.Select(a => a.Verdict).ShouldAllBe(v => v == Verdict.Uppfyllt);
        AssessmentCriteria.Conclude(areas).ShouldBe(Conclusion.Tillracklig);
    }

    [Fact]
    public void The_contents_criticise_exactly_what_adoption_warned_of_or_refused()
    {
        var risks = new[] { Risk("A", HandlingMethod.Bevakning), Risk("B", HandlingMethod.Granskning, motivation: "Bevakas.", activity: true) };
        var contents = Judge(risks)[1];
        var warnings = AdoptionRules.Warnings(Scale.Default, AdoptionPolicy.Default, risks);

        contents.Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        contents.Findings.ShouldBe([
            "Motiveringen till hanteringsmetoden för risken \"B\" är kortfattad och allmänt hållen.",
            "Risken \"A\" (bevakning) saknar aktivitet med mätvärde och tidplan.",
        ], ignoreOrder: true);
        warnings.Select(w => w.Field).ShouldBe(["risks[1].motivation", "risks[0].activities"], ignoreOrder: true);
        AdoptionRules.Check(Scale.Default, AdoptionPolicy.Default, risks).ShouldBeEmpty();
    }

    [Fact]
    public void Activities_whose_measure_is_still_to_be_set_are_not_counted_as_measured()
    {
        var carried = DomainRisk.Activity(CarryOver.MeasureToBeSet, new DateOnly(2023, 9, 30));
        var risks = new[] { DomainRisk.Of(1, "A", 2, 2, HandlingMethod.Granskning, "Beskrivning", "En tillräckligt utförlig motivering till vald hanteringsmetod.",
            activities: [carried, DomainRisk.Activity("Tre av tre rutiner reviderade", new DateOnly(2023, 10, 31))]) };
        Judge(risks)[1].Observations.ShouldContain("Planen har 1 aktivitet med mätvärde och tidplan.");
    }

    [Fact]
    public void A_region_that_expects_no_activity_at_bevakning_is_neither_warned_nor_criticised()
    {
        var policy = AdoptionPolicy.Default with { ActivitiesExpectedFor = new HashSet<HandlingMethod> { HandlingMethod.Granskning, HandlingMethod.Atgard } };
        var risks = new[] { Risk("A", HandlingMethod.Bevakning) };

        AdoptionRules.Warnings(Scale.Default, policy, risks).ShouldBeEmpty();
        AssessmentCriteria.Judge(Plan(risks, policy: policy))[1].Verdict.ShouldBe(Verdict.Uppfyllt);
    }

    [Fact]
    public void A_red_risk_accepted_with_a_motivation_at_adoption_is_not_criticised_later()
    {
        var accepted = Risk("Accepterad", HandlingMethod.None, p: 4, finalP: 4) with { Value = new RiskValue(4, 3), Round1 = DomainRisk.Round1(4, 3), Round2 = DomainRisk.Round2(4, 3, improvementAreas: "Fortsatt bevakning i ledningsgruppen.") };

        AdoptionRules.Check(Scale.Default, AdoptionPolicy.Default, [accepted]).ShouldBeEmpty();
        Judge([accepted]).SelectMany(a => a.Findings).ShouldBeEmpty();
    }

    [Fact]
    public void Rounds_not_yet_due_are_ejAktuellt_not_missing()
    {
        var risks = new[] { Risk("A", HandlingMethod.None, round1: true, round2: false) };
        var october = Judge(risks, asOf: new DateOnly(2023, 10, 15));

        october[2].Verdict.ShouldBe(Verdict.Uppfyllt);
        october[3].Verdict.ShouldBe(Verdict.EjAktuellt);
        october[3].Findings.ShouldBeEmpty();
        october[4].Verdict.ShouldBe(Verdict.EjAktuellt);
        october[5].Verdict.ShouldBe(Verdict.EjAktuellt);
        AssessmentCriteria.Conclude(october).ShouldBe(Conclusion.Tillracklig);

        var afterwards = Judge(risks);
        afterwards[3].Verdict.ShouldBe(Verdict.InteUppfyllt);
        afterwards[3].Findings.ShouldBe(["Uppföljning 2 är inte genomförd för någon risk."]);
    }

    [Fact]
    public void Follow_up_areas_are_partly_met_when_most_risks_are_followed_up()
    {
        var some = Judge([Risk("A", HandlingMethod.None), Risk("B", HandlingMethod.None), Risk("C", HandlingMethod.None, round1: false, round2: false)]);
        some[2].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        some[2].Findings.ShouldBe(["Risken \"C\" saknar uppföljning 1."]);
        // Not "klar inom tidplanen": the two that were followed up were on time, the round as a whole is not done.
        some[2].Observations.ShouldContain("Uppföljningen är inte klar; tidplanen var 2023-09-30 och senast registrerade uppföljning är från 2023-09-30.");
        some[2].Observations.ShouldNotContain(o => o.Contains("klar 2023-09-30"));
        some[4].Findings.ShouldBe(["2 av 3 risker har följts upp vid båda tillfällena."]);
    }

    [Fact]
    public void A_risk_that_ends_red_needs_a_stated_way_forward_and_an_empty_improvement_area_is_none()
    {
        var grew = Judge([Risk("Kemikalier", HandlingMethod.None, finalP: 5, improvementAreas: "")]);
        grew[5].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        grew[5].Findings.ShouldBe(["Risken \"Kemikalier\" har slutligt riskvärde 10 (5x2) utan redovisade förbättringsområden eller vidare åtgärdsbehov."]);

        var quiet = Judge([Risk("Kemikalier", HandlingMethod.None, finalP: 3, improvementAreas: "")]);
        quiet[5].Verdict.ShouldBe(Verdict.Uppfyllt);
        quiet[3].Verdict.ShouldBe(Verdict.Uppfyllt);
    }

    [Fact]
    public void A_draft_is_not_established()
    {
        var areas = Judge([Risk("A", HandlingMethod.None, round1: false, round2: false)], status: PlanStatus.Draft);
        areas[0].Verdict.ShouldBe(Verdict.InteUppfyllt);
        areas[0].Findings.ShouldBe(["Planen är inte fastställd av nämnden."]);
        AssessmentCriteria.Conclude(areas).ShouldBe(Conclusion.InteTillracklig);
    }
}

public sealed class NämndAssessmentTests
{
    private static readonly DateOnly Round1Due = new(2023, 9, 30), Round2Due = new(2024, 1, 31), AfterTheYear = new(2024, 3, 1);

    private static IReadOnlyList<AssessedArea> Judge(int risks, bool followedUp) =>
        AssessmentCriteria.Judge(new AssessmentInput(2023, PlanStatus.Adopted, Scale.Default, AdoptionPolicy.Default,
            Enumerable.Range(1, risks).Select(i => DomainRisk.Of(i, $"Risk {i}", motivation: "Låg risk som följs löpande i ledningsgruppen.",
                round1: followedUp ? DomainRisk.Round1(2, 2) : null, round2: followedUp ? DomainRisk.Round2(2, 2) : null)).ToList(),
            AfterTheYear, Round1Due, Round2Due, new DateOnly(2023, 4, 26), "§ 12"));

    [Fact]
    public void A_missing_plan_is_inteUppfyllt_where_something_was_due_and_ejAktuellt_before()
    {
        var areas = AssessmentCriteria.Missing(2023, AfterTheYear, Round1Due, Round2Due);
        areas.Select(a => a.Area.ToApi()).ShouldBe(["established", "contents", "followUp1", "followUp2", "carriedOut", "actions"]);
        areas.ShouldAllBe(a => a.Verdict == Verdict.InteUppfyllt && a.Findings.Single().Contains("2023"));

        var spring = AssessmentCriteria.Missing(2023, new DateOnly(2023, 5, 1), Round1Due, Round2Due);
        spring.Skip(2).ShouldAllBe(a => a.Verdict == Verdict.EjAktuellt);
    }

    [Fact]
    public void A_nämnd_whose_one_small_område_lags_is_inte_helt_uppfyllt_and_inte_helt_tillräcklig_not_worse()
    {
        // One förvaltning did everything (9 risks); a small område (3 of 12 risks) did no follow-up at all.
        var combined = AssessmentCriteria.Combine([("Förvaltningen", 9, Judge(9, followedUp: true)), ("Området", 3, Judge(3, followedUp: false))]);

        combined[2].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        combined[3].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        combined[4].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        combined[5].Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        combined[0].Verdict.ShouldBe(Verdict.Uppfyllt);
        combined[2].Findings.ShouldContain("Området: Uppföljning 1 är inte genomförd för någon risk.");
        AssessmentCriteria.Conclude(combined).ShouldBe(Conclusion.InteHeltTillracklig);
    }

    [Fact]
    public void Plans_holding_half_the_risks_not_met_make_the_area_not_met()
    {
        var combined = AssessmentCriteria.Combine([("Förvaltningen", 6, Judge(6, followedUp: true)), ("Den andra", 6, Judge(6, followedUp: false))]);

        combined[2].Verdict.ShouldBe(Verdict.InteUppfyllt);
        AssessmentCriteria.Conclude(combined).ShouldBe(Conclusion.InteTillracklig);
        AssessmentCriteria.Combine([("Förvaltningen", 6, Judge(6, followedUp: true))]).Select(a => a.Verdict).ShouldAllBe(v => v == Verdict.Uppfyllt);
    }
}
