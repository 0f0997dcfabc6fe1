using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>The goal rules as pure functions: where a goal may stand, its code, what a link may point to, what uses it, limits, moves.</summary>
public sealed class GoalRulesTests
{
    // 1 nämnd → 2 förvaltning → 3 område; 4 a sibling förvaltning; 5 another nämnd → 6 its förvaltning.
    private static readonly UnitTree Tree = new(
    [
        new UnitNode(1, UnitKind.Board, null), new UnitNode(2, UnitKind.Administration, 1), new UnitNode(3, UnitKind.Department, 2),
        new UnitNode(4, UnitKind.Administration, 1), new UnitNode(5, UnitKind.Board, null), new UnitNode(6, UnitKind.Administration, 5),
    ]);

    private static UnitGoal Goal(long id, long unitId, long? parentId = null) => new(id, unitId, parentId, $"Mål {id}", null, null, 1, "", "");

    // 10 the nämnd's overall goal; 11 under it, the förvaltning's; 12 under 11, the område's; 13 the sibling's; 14 the other nämnd's.
    private static readonly UnitGoal[] Goals = [Goal(10, 1), Goal(11, 2, 10), Goal(12, 3, 11), Goal(13, 4), Goal(14, 5)];

    [Fact]
    public void A_unit_sees_its_own_goals_and_those_of_every_unit_above_it() =>
        GoalRules.UnitsSeenFrom(Tree, 3).ShouldBe([3, 2, 1], ignoreOrder: true);

    [Fact]
    public void A_parent_must_be_a_goal_of_the_unit_or_a_unit_above_it()
    {
        GoalRules.ParentProblem(Tree, 2, null, Goals[0], []).ShouldBeNull();                 // the nämnd's, above
        GoalRules.ParentProblem(Tree, 2, null, Goals[1], []).ShouldBeNull();                 // its own
        GoalRules.ParentProblem(Tree, 2, null, Goals[2], [])!.ShouldBe("Goal 12 belongs to unit 3, which is not unit 2 or a unit above it.");   // below
        GoalRules.ParentProblem(Tree, 2, null, Goals[3], [])!.ShouldContain("unit 4, which is not unit 2");                                    // a sibling's
        GoalRules.ParentProblem(Tree, 2, null, Goals[4], [])!.ShouldContain("unit 5, which is not unit 2");                                    // another nämnd's
    }

    [Fact]
    public void A_goal_cannot_stand_under_itself_or_its_own_subgoal()
    {
        GoalRules.ParentProblem(Tree, 1, 10, Goals[0], Goals)!.ShouldBe("Goal 10 cannot be its own parent.");
        GoalRules.ParentProblem(Tree, 2, 11, Goals[2], Goals)!.ShouldContain("unit 3");   // below its unit: the unit rule speaks first
        GoalRules.ParentProblem(Tree, 3, 11, Goals[2], Goals)!.ShouldBe("Goal 12 is below goal 11: a goal cannot stand under its own subgoal.");
        GoalRules.Subtree(Goals, 10).ShouldBe([10, 11, 12], ignoreOrder: true);
    }

    [Fact]
    public void An_external_ref_names_one_goal_of_a_unit()
    {
        GoalRules.ExternalRefProblem(1, "RS-5", 10, null)!.ShouldBe("Goal 10 of unit 1 already has externalRef \"RS-5\".");
        GoalRules.ExternalRefProblem(1, "RS-5", 10, 15)!.ShouldContain("Goal 10");   // another goal taking it
        GoalRules.ExternalRefProblem(1, "RS-5", 10, 10).ShouldBeNull();             // the holder keeping its own
        GoalRules.ExternalRefProblem(1, "RS-5", null, null).ShouldBeNull();         // nobody has it
        GoalRules.ExternalRefProblem(1, null, 10, null).ShouldBeNull();             // no code at all
    }

    [Fact]
    public void A_link_points_to_an_existing_goal_the_plans_unit_sees_and_each_refusal_names_its_place()
    {
        var unitOf = Goals.ToDictionary(g => g.Id, g => g.UnitId);
        GoalRules.LinkProblems(2, unitOf, GoalRules.UnitsSeenFrom(Tree, 2), [10, 11]).ShouldBeEmpty();
        GoalRules.LinkProblems(2, unitOf, GoalRules.UnitsSeenFrom(Tree, 2), [10, 12, 99, 13]).ShouldBe(
        [
            (1, "Goal 12 belongs to unit 3, which is not the plan's unit 2 or a unit above it."),
            (2, "No goal 99."),
            (3, "Goal 13 belongs to unit 4, which is not the plan's unit 2 or a unit above it."),
        ]);
    }

    [Fact]
    public void What_uses_a_goal_is_named_per_plan_in_the_singular_for_one()
    {
        GoalRules.Uses([], [], []).ShouldBeNull();
        GoalRules.Uses([new(5, 3)], [new(2, 3)], []).ShouldBe("risk 5 (plan 3); control 2 (plan 3)");
        GoalRules.Uses([new(4, 2), new(9, 2), new(11, 7)], [], [12, 13]).ShouldBe("risks 4, 9 (plan 2), 11 (plan 7); subgoals 12, 13");
        GoalRules.Uses([], [], [12]).ShouldBe("subgoal 12");
        GoalRules.InUseProblem(10, "risk 5 (plan 3)").ShouldBe("Goal 10 is in use: risk 5 (plan 3). Remove the links (or move the subgoals) first.");
    }

    [Fact]
    public void A_unit_holds_at_most_the_configured_number_of_goals()
    {
        GoalRules.LimitProblem(1, 99, 100).ShouldBeNull();
        GoalRules.LimitProblem(1, 100, 100)!.ShouldBe("Unit 1 holds 100 goals, the most a unit may hold (Limits:MaxGoalsPerUnit).");
    }

    [Fact]
    public void Goals_are_read_from_the_top_unit_down_a_parent_before_its_subgoals()
    {
        var goals = new[] { Goal(20, 2), Goal(12, 3, 11), Goal(11, 2, 10), Goal(10, 1), Goal(13, 4) };
        GoalRules.InReadingOrder(Tree, 3, goals).Select(g => g.Id).ShouldBe([10, 11, 12, 20]);
    }

    [Fact]
    public void A_move_that_takes_a_linked_goal_out_from_above_is_refused_naming_each_link()
    {
        GoalLink Risk(long id, long plan, long unit, long goal) => new(GoalLinkKind.Risk, id, plan, unit, goal);
        GoalLink Control(long id, long plan, long unit, long goal) => new(GoalLinkKind.Control, id, plan, unit, goal);
        // Förvaltning 2's plan 3 links to the nämnd's goal 10 and its own 11; område 3's plan 8 to goal 10 as well.
        GoalLink[] links = [Risk(5, 3, 2, 10), Control(2, 3, 2, 10), Risk(6, 3, 2, 11), Risk(7, 8, 3, 10), Risk(9, 4, 4, 13)];

        // Under the other nämnd, nämnd 1's goal 10 is no longer above: its links and förvaltning 2's goal 11 under it are named.
        GoalRules.MoveProblem(Tree, 2, 5, Goals, links)!.ShouldBe(
            "Unit 2 cannot move under unit 5: what it holds links to goals of units that would no longer be above it — "
            + "goal 10 (unit 1): risks 5 (plan 3), 7 (plan 8); control 2 (plan 3); subgoal 11. Remove the links (or move the subgoals) first.");
        // Område 3 moved to the sibling förvaltning 4 loses förvaltning 2's goal 11 (its goal 12 stands under it), keeps the nämnd's.
        GoalRules.MoveProblem(Tree, 3, 4, Goals, links)!.ShouldEndWith("goal 11 (unit 2): subgoal 12. Remove the links (or move the subgoals) first.");
        // Without the links and subgoals, or to a place under the same goals, a move is free.
        GoalRules.MoveProblem(Tree, 2, 5, [Goal(10, 1), Goal(11, 2), Goal(14, 5)], [Risk(6, 3, 2, 11)]).ShouldBeNull();
        GoalRules.MoveProblem(Tree, 3, 4, [Goal(10, 1), Goal(12, 3, 10)], [Risk(7, 8, 3, 10)]).ShouldBeNull();
        // Links of units outside the moved subtree are not its concern.
        GoalRules.MoveProblem(Tree, 3, 4, [Goal(11, 2)], [Risk(6, 3, 2, 11)]).ShouldBeNull();
    }
}
