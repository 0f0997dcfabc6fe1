using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>Konsekvens per område: the worst area is the consequence, and nothing a client sends may say otherwise.</summary>
public sealed class ConsequenceRulesTests
{
    private static readonly Scale Areas = Scale.Default with { ConsequenceAreas = ["patientsäkerhet", "ekonomi", "förtroende", "arbetsmiljö"] };

    private static Dictionary<string, int> Of(params (string Area, int Value)[] values) => values.ToDictionary(v => v.Area, v => v.Value);

    [Fact]
    public void The_consequence_is_the_worst_area_in_the_plans_order()
    {
        var (result, problems) = ConsequenceRules.Resolve(Areas, null, Of(("Arbetsmiljö", 2), ("patientsäkerhet", 4)), null);
        problems.ShouldBeEmpty();
        result!.Consequence.ShouldBe(4);
        result.Areas!.Select(a => $"{a.Key}={a.Value}").ShouldBe(["patientsäkerhet=4", "arbetsmiljö=2"]);
    }

    [Fact]
    public void A_consequence_beside_the_areas_must_be_their_maximum()
    {
        ConsequenceRules.Resolve(Areas, 4, Of(("ekonomi", 4), ("förtroende", 1)), null).Problems.ShouldBeEmpty();
        var (result, problems) = ConsequenceRules.Resolve(Areas, 3, Of(("ekonomi", 4)), null);
        result.ShouldBeNull();
        problems.ShouldHaveSingleItem().Field.ShouldBe("consequence");
    }

    [Fact]
    public void A_consequence_alone_on_a_risk_held_per_area_must_be_their_maximum_and_other_changes_keep_the_areas()
    {
        var held = new ConsequenceRules.Assessed(3, Of(("ekonomi", 3), ("förtroende", 2)));
        ConsequenceRules.Resolve(Areas, 2, null, held).Problems.ShouldHaveSingleItem().Field.ShouldBe("consequence");
        var kept = ConsequenceRules.Resolve(Areas, 3, null, held).Result!;
        kept.Consequence.ShouldBe(3);
        kept.Areas!.Select(a => $"{a.Key}={a.Value}").ShouldBe(["ekonomi=3", "förtroende=2"]);
        // {} makes it one value again: the consequence sent, or the one held.
        ConsequenceRules.Resolve(Areas, 1, Of(), held).Result.ShouldBe(new ConsequenceRules.Assessed(1, null));
        ConsequenceRules.Resolve(Areas, null, Of(), held).Result.ShouldBe(new ConsequenceRules.Assessed(3, null));
    }

    [Fact]
    public void An_unknown_area_a_value_off_the_scale_or_an_area_twice_is_named()
    {
        var (_, problems) = ConsequenceRules.Resolve(Areas, null, Of(("miljö", 2), ("ekonomi", 5), ("Ekonomi", 2), ("EKONOMI", 3)), null);
        problems.Select(p => p.Field).ShouldBe(["consequences.miljö", "consequences.ekonomi", "consequences.EKONOMI"]);
        ConsequenceRules.Resolve(Scale.Default, null, Of(("ekonomi", 2)), null).Problems.ShouldHaveSingleItem().Reason.ShouldContain("no consequence areas");
    }

    [Fact]
    public void Without_areas_a_risk_needs_its_one_consequence()
    {
        ConsequenceRules.Resolve(Areas, 2, null, null).Result.ShouldBe(new ConsequenceRules.Assessed(2, null));
        ConsequenceRules.Resolve(Areas, null, null, null).Problems.ShouldHaveSingleItem().Field.ShouldBe("consequence");
    }

    [Fact]
    public void A_copy_keeps_the_areas_only_where_they_still_give_the_value_in_the_new_plan()
    {
        var areas = Of(("patientsäkerhet", 3), ("ekonomi", 1));
        ConsequenceRules.Carried(areas, 3, Areas).ShouldBeSameAs(areas);
        ConsequenceRules.Carried(areas, 2, Areas).ShouldBeNull();                  // re-assessed at uppföljning 2
        ConsequenceRules.Carried(areas, 3, Scale.Default).ShouldBeNull();          // the new plan has no areas
        ConsequenceRules.Carried(null, 3, Areas).ShouldBeNull();
    }

    [Fact]
    public void Configured_areas_must_be_named_once_and_few_enough()
    {
        ConsequenceRules.Problems(["patientsäkerhet", "ekonomi"]).ShouldBeEmpty();
        ConsequenceRules.Problems(["ekonomi", "Ekonomi"]).ShouldHaveSingleItem().ShouldContain("named twice");
        ConsequenceRules.Problems([""]).ShouldHaveSingleItem().ShouldContain("no name");
        ConsequenceRules.Problems(Enumerable.Range(1, 11).Select(i => $"område {i}").ToList()).ShouldHaveSingleItem().ShouldContain("more than the 10");
        new ScaleSettings { ConsequenceAreas = ["ekonomi", "ekonomi"] }.Problems().ShouldHaveSingleItem().ShouldStartWith("Scale:ConsequenceAreas");
    }
}
