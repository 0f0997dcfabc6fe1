using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

public sealed class ScaleTests
{
    // Every cell of the default 4 × 4 matrix: sannolikhet, konsekvens, riskvärde, level.
    public static TheoryData<int, int, int, RiskLevel> DefaultMatrix() => new()
    {
        { 1, 1, 1, RiskLevel.Green }, { 1, 2, 2, RiskLevel.Green }, { 1, 3, 3, RiskLevel.Green }, { 1, 4, 4, RiskLevel.Green },
        { 2, 1, 2, RiskLevel.Green }, { 2, 2, 4, RiskLevel.Green }, { 2, 3, 6, RiskLevel.Yellow }, { 2, 4, 8, RiskLevel.Yellow },
        { 3, 1, 3, RiskLevel.Green }, { 3, 2, 6, RiskLevel.Yellow }, { 3, 3, 9, RiskLevel.Red }, { 3, 4, 12, RiskLevel.Red },
        { 4, 1, 4, RiskLevel.Green }, { 4, 2, 8, RiskLevel.Yellow }, { 4, 3, 12, RiskLevel.Red }, { 4, 4, 16, RiskLevel.Red },
    };

    [Theory]
    [MemberData(nameof(DefaultMatrix))]
    public void Every_cell_of_the_default_matrix_has_its_score_and_level(int probability, int consequence, int score, RiskLevel level)
    {
        Scale.Score(probability, consequence).ShouldBe(score);
        Scale.Default.Level(probability, consequence).ShouldBe(level);
    }

    [Fact]
    public void The_default_matrix_produces_the_riskvarden_of_the_design() =>
        Scale.Default.PossibleScores().ShouldBe([1, 2, 3, 4, 6, 8, 9, 12, 16]);

    [Fact]
    public void The_default_scale_has_the_swedish_labels() =>
        (Scale.Default.ProbabilityLabels[2], Scale.Default.ConsequenceLabels[3]).ShouldBe(("Möjlig", "Mycket allvarlig"));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void A_step_is_on_the_scale_only_between_1_and_its_size(int step, bool contained) =>
        Scale.Default.Contains(step).ShouldBe(contained);

    [Fact]
    public void Bands_follow_the_configured_limits()
    {
        var strict = Scale.Default with { GreenMax = 2, YellowMax = 4 };
        strict.Level(3).ShouldBe(RiskLevel.Yellow);
        strict.Level(6).ShouldBe(RiskLevel.Red);
    }

    [Fact]
    public void The_default_scale_is_usable() => Scale.Default.Problems().ShouldBeEmpty();

    [Fact]
    public void A_scale_of_the_wrong_size_or_with_missing_labels_or_crossed_bands_is_refused()
    {
        (Scale.Default with { Size = 6 }).Problems().ShouldNotBeEmpty();
        (Scale.Default with { ProbabilityLabels = ["a", "b"] }).Problems().ShouldContain(p => p.Contains("ProbabilityLabels"));
        (Scale.Default with { GreenMax = 9, YellowMax = 8 }).Problems().ShouldContain(p => p.Contains("GreenMax"));
        (Scale.Default with { YellowMax = 16 }).Problems().ShouldContain(p => p.Contains("YellowMax"));
    }

    [Fact]
    public void Settings_without_labels_fall_back_to_the_default_labels()
    {
        var scale = new ScaleSettings { Size = 4 }.ToScale();
        scale.ProbabilityLabels.ShouldBe(Scale.Default.ProbabilityLabels);
    }
}

public sealed class TrendTests
{
    [Theory]
    [InlineData(6, 9, Trend.Increased)]
    [InlineData(9, 9, Trend.Unchanged)]
    [InlineData(9, 4, Trend.Decreased)]
    public void Trend_compares_with_the_previous_value(int previous, int current, Trend trend) =>
        Trends.Between(previous, current).ShouldBe(trend);
}

public sealed class EnumTextTests
{
    [Fact]
    public void Enum_values_are_written_in_lower_camel_case()
    {
        HandlingStatus.NotStarted.ToApi().ShouldBe("notStarted");
        HandlingMethod.Atgard.ToApi().ShouldBe("atgard");
    }
}
