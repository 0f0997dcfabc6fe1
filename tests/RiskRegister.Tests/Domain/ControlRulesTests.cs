using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

public sealed class ControlRulesTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    private static Control Control(long id, long? riskId = null, DateOnly? due = null, params ControlResult[] results) =>
        new(id, 1, riskId, $"Kontroll {id}", null, ControlMethod.Stickprov, ControlFrequency.Halvarsvis, null, null, null, due, null, results, 1, "", "");

    private static ControlResult Result(int round, int? deviations = 0, string? actions = null) => new(round, "Resultat", 60, deviations, actions, "");

    [Fact]
    public void A_round_under_way_names_the_controls_without_its_result()
    {
        var risks = new[] { DomainRisk.Of(round1: DomainRisk.Round1(2, 2)) };
        var findings = ControlRules.CarriedOutFindings([Control(1, results: Result(1)), Control(2)], risks, adopted: true, Today, Disclosure.Full);
        findings.ShouldBe(["1 av 2 kontrollmoment saknar resultat vid uppföljning 1: \"Kontroll 2\"."]);
    }

    [Fact]
    public void A_round_not_begun_asks_nothing_and_a_draft_asks_nothing()
    {
        ControlRules.CarriedOutFindings([Control(1)], [DomainRisk.Of()], adopted: true, Today, Disclosure.Full).ShouldBeEmpty();
        ControlRules.CarriedOutFindings([Control(1, due: new DateOnly(2023, 6, 30))], [], adopted: false, Today, Disclosure.Full).ShouldBeEmpty();
    }

    [Fact]
    public void A_control_past_its_due_date_without_any_result_is_named()
    {
        ControlRules.CarriedOutFindings([Control(1, due: new DateOnly(2023, 6, 30))], [], adopted: true, Today, Disclosure.Full)
            .ShouldBe(["Kontrollmomentet \"Kontroll 1\" skulle vara genomfört 2023-06-30 men saknar resultat."]);
    }

    [Fact]
    public void Deviations_without_actions_are_found_and_with_actions_are_not()
    {
        var controls = new[] { Control(1, results: Result(1, 5)), Control(2, results: Result(1, 3, "Utbildning")), Control(3, results: Result(2, 0)) };
        ControlRules.ActionFindings(controls, [], adopted: true, Disclosure.Full)
            .ShouldBe(["Kontrollmomentet \"Kontroll 1\" visade 5 avvikelser vid uppföljning 1 utan redovisade åtgärder."]);
    }

    [Fact]
    public void A_finding_makes_a_met_area_not_fully_met_and_leaves_a_worse_one()
    {
        var met = new AssessedArea(AuditArea.CarriedOut, "A", Verdict.Uppfyllt, [], []);
        met.With(["F"]).Verdict.ShouldBe(Verdict.InteHeltUppfyllt);
        met.With([]).ShouldBeSameAs(met);
        new AssessedArea(AuditArea.CarriedOut, "A", Verdict.InteUppfyllt, ["G"], []).With(["F"]).Findings.ShouldBe(["G", "F"]);
    }

    [Fact]
    public void An_area_not_yet_due_stays_ejAktuellt_and_only_sees_the_findings()
    {
        var notYet = new AssessedArea(AuditArea.Actions, "A", Verdict.EjAktuellt, [], ["O"]);
        var seen = notYet.With(["F"]);
        seen.Verdict.ShouldBe(Verdict.EjAktuellt);
        seen.Findings.ShouldBeEmpty();
        seen.Observations.ShouldBe(["O", "F"]);
    }

    [Fact]
    public void A_redacting_reader_gets_a_control_of_a_marked_risk_redacted_and_named_by_its_marking()
    {
        var marked = DomainRisk.Of(id: 7, round1: DomainRisk.Round1(2, 2)) with { Secrecy = new SecrecyMark("OSL 18 kap. 8 §", null, "", "") };
        var controls = new[] { Control(1, riskId: 7), Control(2) };
        var redacted = controls.As([marked], Disclosure.Redacted);
        redacted[0].Title.ShouldBe(ControlRules.RedactedTitle);
        redacted[0].Method.ShouldBe(ControlMethod.Stickprov);
        redacted[1].Title.ShouldBe("Kontroll 2");
        controls.As([marked], Disclosure.Full)[0].Title.ShouldBe("Kontroll 1");
        ControlRules.CarriedOutFindings(controls, [marked], adopted: true, Today, Disclosure.Redacted).Single().ShouldNotContain("Kontroll 1");
    }

    [Fact]
    public void Progress_counts_the_controls_with_a_result_of_the_round()
    {
        ControlRules.Progress([Control(1, results: Result(1)), Control(2, results: Result(2))], 1).ShouldBe((1, 2));
    }
}
