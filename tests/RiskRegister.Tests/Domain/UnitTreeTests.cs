using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>The unit tree's rules: kinds under kinds, no cycles, at most five levels.</summary>
public sealed class UnitTreeTests
{
    // 1 nämnd → 2 förvaltning → 3 område → 4 verksamhet → 5 enhet; 6 another förvaltning under the nämnd.
    private static readonly UnitTree Tree = new(
    [
        new UnitNode(1, UnitKind.Board, null), new UnitNode(2, UnitKind.Administration, 1), new UnitNode(3, UnitKind.Department, 2),
        new UnitNode(4, UnitKind.Department, 3), new UnitNode(5, UnitKind.Department, 4), new UnitNode(6, UnitKind.Administration, 1),
    ]);

    [Fact]
    public void A_subtree_holds_the_unit_and_every_unit_below_it() =>
        Tree.Subtree(2).ShouldBe([2, 3, 4, 5], ignoreOrder: true);

    [Fact]
    public void Depth_counts_from_the_top_and_height_down_to_the_deepest_unit()
    {
        (Tree.Depth(1), Tree.Depth(5), Tree.Height(1), Tree.Height(3), Tree.Height(6)).ShouldBe((1, 5, 5, 3, 1));
    }

    [Theory]
    [InlineData(UnitKind.Department, 6L, true)]        // under a förvaltning
    [InlineData(UnitKind.Department, 3L, true)]        // under a department
    [InlineData(UnitKind.Department, 1L, false)]       // under a nämnd
    [InlineData(UnitKind.Department, null, false)]     // at the top
    [InlineData(UnitKind.Administration, 1L, true)]
    [InlineData(UnitKind.Administration, 3L, false)]   // a förvaltning under a department
    [InlineData(UnitKind.Board, null, true)]
    [InlineData(UnitKind.Department, 5L, false)]       // a sixth level
    public void A_new_unit_stands_only_where_its_kind_and_the_depth_allow(UnitKind kind, long? parent, bool allowed) =>
        (Tree.PlacementProblem(null, kind, parent) is null).ShouldBe(allowed);

    [Fact]
    public void A_unit_cannot_move_under_itself_or_its_own_descendant()
    {
        Tree.PlacementProblem(3, UnitKind.Department, 3)!.ShouldContain("its own parent");
        Tree.PlacementProblem(3, UnitKind.Department, 5)!.ShouldContain("cycle");
    }

    [Fact]
    public void A_move_counts_the_levels_below_the_unit_too()
    {
        // Område 3 spans three levels (3, 4, 5): under förvaltning 6 it ends at level 5, under verksamhet 4's sibling it would not fit.
        Tree.PlacementProblem(3, UnitKind.Department, 6).ShouldBeNull();
        new UnitTree([.. new[] { 1L, 2, 3, 4, 5, 6 }.Select(id => Tree.Find(id)!), new UnitNode(7, UnitKind.Department, 6)])
            .PlacementProblem(3, UnitKind.Department, 7)!.ShouldContain("at most 5 levels");
    }
}
