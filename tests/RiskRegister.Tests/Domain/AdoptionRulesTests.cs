using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

public sealed class AdoptionRulesTests
{
    private static readonly RiskActivity Complete = DomainRisk.Activity("Tjänstekatalog fastställd", new DateOnly(2023, 10, 31));

    private static Risk Risk(HandlingMethod method = HandlingMethod.Bevakning, int p = 2, int c = 2,
        string description = "Beskrivning", string? motivation = "Motivering", params RiskActivity[] activities) =>
        DomainRisk.Of(1, "Risk", p, c, method, description, motivation, activities: activities);

    private static IReadOnlyList<RuleBreach> Check(params Risk[] risks) => AdoptionRules.Check(Scale.Default, AdoptionPolicy.Default, risks);

    [Fact]
    public void A_complete_plan_breaks_no_rule() =>
        Check(Risk(), Risk(HandlingMethod.Granskning, activities: Complete), Risk(HandlingMethod.None, motivation: null)).ShouldBeEmpty();

    [Fact]
    public void A_plan_without_risks_cannot_be_adopted() =>
        Check().Single().Field.ShouldBe("risks");

    [Fact]
    public void A_risk_needs_a_description() =>
        Check(Risk(description: " ")).Single().Field.ShouldBe("risks[0].description");

    [Fact]
    public void A_method_other_than_none_needs_a_motivation() =>
        Check(Risk(HandlingMethod.Bevakning, motivation: null)).Single().Field.ShouldBe("risks[0].motivation");

    [Theory]
    [InlineData(HandlingMethod.Granskning)]
    [InlineData(HandlingMethod.Atgard)]
    public void Granskning_and_atgard_need_an_activity_with_measure_and_due(HandlingMethod method)
    {
        Check(Risk(method)).Single().Field.ShouldBe("risks[0].activities");
        Check(Risk(method, activities: DomainRisk.Activity(" ", new DateOnly(2023, 5, 1)))).Single().Field.ShouldBe("risks[0].activities");
        Check(Risk(method, activities: Complete)).ShouldBeEmpty();
    }

    [Fact]
    public void A_carried_over_improvement_area_whose_measure_is_still_to_be_set_is_no_measured_activity()
    {
        var carried = DomainRisk.Activity(CarryOver.MeasureToBeSet, new DateOnly(2024, 9, 30), description: "Förbättringsområde från uppföljning 2 av 2023 års plan: Rutiner");
        Check(Risk(HandlingMethod.Atgard, activities: carried)).Single().Field.ShouldBe("risks[0].activities");
        Check(Risk(HandlingMethod.Atgard, activities: [carried, Complete])).ShouldBeEmpty();
    }

    [Fact]
    public void Bevakning_needs_no_activity() => Check(Risk(HandlingMethod.Bevakning)).ShouldBeEmpty();

    [Fact]
    public void A_red_risk_needs_a_method_or_a_motivation_for_accepting_it()
    {
        Check(Risk(HandlingMethod.None, 3, 3, motivation: null)).Single().Field.ShouldBe("risks[0].handlingMethod");
        Check(Risk(HandlingMethod.None, 3, 3, motivation: "Risken accepteras: kostnaden för åtgärder överstiger nyttan.")).ShouldBeEmpty();
    }

    [Fact]
    public void A_yellow_risk_without_a_method_is_a_listed_lower_risk() =>
        Check(Risk(HandlingMethod.None, 2, 3, motivation: null)).ShouldBeEmpty();

    [Fact]
    public void Values_outside_the_plans_scale_are_breaches() =>
        Check(Risk(p: 5, c: 0)).Select(b => b.Field).ShouldBe(["risks[0].probability", "risks[0].consequence"], ignoreOrder: true);

    [Fact]
    public void Every_broken_rule_is_listed_not_only_the_first()
    {
        var breaches = Check(Risk(HandlingMethod.Atgard, description: "", motivation: null), Risk(HandlingMethod.None, 4, 4, motivation: null));
        breaches.Select(b => b.Field).ShouldBe(
            ["risks[0].description", "risks[0].motivation", "risks[0].activities", "risks[1].handlingMethod"], ignoreOrder: true);
    }
}
