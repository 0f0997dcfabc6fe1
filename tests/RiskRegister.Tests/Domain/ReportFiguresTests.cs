using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Reports;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Domain;

public sealed class ReportFiguresTests
{
    private static Risk Risk(long id, int p, int c, HandlingMethod method = HandlingMethod.None, (int, int)? r1 = null, (int, int)? r2 = null, long? copiedFrom = null) =>
        DomainRisk.Of(id, null, p, c, method, copiedFrom: copiedFrom,
            round1: r1 is { } a ? DomainRisk.Round1(a.Item1, a.Item2) : null, round2: r2 is { } b ? DomainRisk.Round2(b.Item1, b.Item2) : null);

    [Fact]
    public void The_matrix_has_every_cell_with_its_level_and_count()
    {
        var cells = ReportFigures.Matrix(Scale.Default, [Risk(1, 3, 2), Risk(2, 3, 2), Risk(3, 4, 4)]);

        cells.Count.ShouldBe(16);
        cells.Single(c => c is { Probability: 3, Consequence: 2 }).ShouldBe(new MatrixCell(3, 2, 6, RiskLevel.Yellow, 2));
        cells.Single(c => c is { Probability: 4, Consequence: 4 }).ShouldBe(new MatrixCell(4, 4, 16, RiskLevel.Red, 1));
        cells.Single(c => c is { Probability: 2, Consequence: 2 }).ShouldBe(new MatrixCell(2, 2, 4, RiskLevel.Green, 0));
    }

    [Fact]
    public void A_follow_up_matrix_counts_only_risks_with_that_round_and_final_takes_the_latest()
    {
        Risk[] risks = [Risk(1, 3, 2, r1: (3, 3), r2: (3, 3)), Risk(2, 2, 3, r1: (2, 2)), Risk(3, 1, 1)];

        ReportFigures.Matrix(Scale.Default, risks, MatrixRound.Round2).Sum(c => c.Count).ShouldBe(1);
        ReportFigures.Matrix(Scale.Default, risks, MatrixRound.Round1).Single(c => c is { Probability: 2, Consequence: 2 }).Count.ShouldBe(1);
        var final = ReportFigures.Matrix(Scale.Default, risks, MatrixRound.Final);
        final.Sum(c => c.Count).ShouldBe(3);
        final.Single(c => c is { Probability: 1, Consequence: 1 }).Count.ShouldBe(1);
    }

    [Fact]
    public void Counts_by_level_and_method_use_the_adopted_values()
    {
        Risk[] risks = [Risk(1, 1, 1), Risk(2, 3, 2, HandlingMethod.Bevakning, r1: (4, 4)), Risk(3, 3, 3, HandlingMethod.Granskning), Risk(4, 4, 4, HandlingMethod.Atgard)];

        ReportFigures.CountByLevel(Scale.Default, risks).ShouldBe(new LevelCounts(1, 1, 2));
        ReportFigures.CountByMethod(risks).ShouldBe(new MethodCounts(1, 1, 1, 1));
        ReportFigures.Progress(risks).ShouldBe((new RoundProgress(1, 4), new RoundProgress(0, 4)));
    }

    [Fact]
    public void Changes_list_every_moved_value_with_its_steps_and_overall_trend()
    {
        var changes = ReportFigures.Changes([
            Risk(1, 3, 2, r1: (3, 3), r2: (3, 3)),   // 6 → 9 → 9
            Risk(2, 2, 2, r1: (2, 2), r2: (2, 2)),   // never moved
            Risk(3, 2, 4, r1: (2, 3)),               // 8 → 6
            Risk(4, 2, 2, r1: (3, 3), r2: (2, 2)),   // up and back
        ]);

        changes.Select(c => c.RiskId).ShouldBe([1L, 3L, 4L]);
        changes[0].ShouldSatisfyAllConditions(
            c => c.From.Score.ShouldBe(6), c => c.To.Score.ShouldBe(9), c => c.Trend.ShouldBe(Trend.Increased),
            c => c.Steps.ShouldHaveSingleItem().Stage.ShouldBe("round1"));
        changes[1].Trend.ShouldBe(Trend.Decreased);
        changes[2].Trend.ShouldBe(Trend.Unchanged);
        changes[2].Steps.Select(s => s.Trend).ShouldBe([Trend.Increased, Trend.Decreased]);
    }

    [Fact]
    public void Comparison_uses_copy_links_for_carried_new_and_dropped()
    {
        var from = new[] { 1L, 2L, 3L }.Select(id => Risk(id, 2, 2, r1: (3, 3))).ToList();
        var to = new List<Risk>
        {
            Risk(11, 2, 3, copiedFrom: 1),
            Risk(12, 3, 3, copiedFrom: 2),
            Risk(13, 1, 1),
            Risk(14, 1, 1, copiedFrom: 999),
        };

        var result = YearComparison.Compare(from, to);

        result.Carried.Select(c => (c.FromRiskId, c.ToRiskId, c.Trend)).ShouldBe([(1L, 11L, Trend.Decreased), (2L, 12L, Trend.Unchanged)]);
        result.New.Select(r => r.RiskId).ShouldBe([13L, 14L]);
        result.Dropped.Select(r => r.RiskId).ShouldBe([3L]);
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+46 8", "'+46 8")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("rad\nbrytning", "\"rad\nbrytning\"")]
    [InlineData(";=HYPERLINK(1)", "\"';=HYPERLINK(1)\"")]   // Swedish Excel would split at ; and run the rest
    [InlineData(" =1+1", "' =1+1")]
    [InlineData("\uFF1D1+1", "'\uFF1D1+1")]              // full-width =, which Excel folds to =
    [InlineData("\uFF0B46", "'\uFF0B46")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("Medicinsk service", "Medicinsk service")]
    [InlineData(null, "")]
    public void Csv_fields_are_quoted_and_formulas_defused(string? value, string expected) => Csv.Field(value).ShouldBe(expected);

    [Fact]
    public void Markup_escapes_the_five_special_characters_and_keeps_swedish_letters()
    {
        Markup.Escape("<a href=\"x\">'å' & ö</a>").ShouldBe("&lt;a href=&quot;x&quot;&gt;&#39;å&#39; &amp; ö&lt;/a&gt;");
    }

    [Fact]
    public void Dates_in_a_documents_text_are_kept_on_one_line_and_the_rest_is_escaped()
    {
        Markup.KeepingDatesWhole("Klar 2024-01-25, inom tidplanen (2024-01-31) för <R&D>; 12024-01-310 är inget datum.")
            .ShouldBe("Klar <span class=\"nowrap\">2024-01-25</span>, inom tidplanen (<span class=\"nowrap\">2024-01-31</span>) för &lt;R&amp;D&gt;; 12024-01-310 är inget datum.");
    }

    [Fact]
    public void Follow_up_due_dates_default_to_september_and_january_next_year_and_are_configurable()
    {
        var defaults = new FollowUpSettings();
        defaults.Round1For(2023).ShouldBe(new DateOnly(2023, 9, 30));
        defaults.Round2For(2023).ShouldBe(new DateOnly(2024, 1, 31));
        var custom = new FollowUpSettings { Round1Due = "08-31", Round2Due = "02-29" };
        custom.Round1For(2023).ShouldBe(new DateOnly(2023, 8, 31));
        custom.Round2For(2023).ShouldBe(new DateOnly(2024, 2, 29));
        custom.Round2For(2024).ShouldBe(new DateOnly(2025, 2, 28));
        new FollowUpSettings { Round1Due = "13-01" }.Problems().ShouldHaveSingleItem().ShouldContain("Round1Due");
    }

    [Fact]
    public void A_due_date_remembered_for_a_year_follows_a_changed_setting_and_another_year()
    {
        // Each round's last due date is kept for its year and setting; a new setting or year is read anew.
        var settings = new FollowUpSettings();
        settings.Round1For(2023).ShouldBe(new DateOnly(2023, 9, 30));
        settings.Round1For(2023).ShouldBe(new DateOnly(2023, 9, 30));
        settings.Round1For(2024).ShouldBe(new DateOnly(2024, 9, 30));
        settings.Round2For(2024).ShouldBe(new DateOnly(2025, 1, 31));
        settings.Round1Due = "08-31";
        settings.Round2Due = "02-29";
        settings.Round1For(2024).ShouldBe(new DateOnly(2024, 8, 31));
        settings.Round2For(2024).ShouldBe(new DateOnly(2025, 2, 28));
        settings.Round2For(2023).ShouldBe(new DateOnly(2024, 2, 29));
        settings.Round1Due = "13-01";
        Should.Throw<InvalidOperationException>(() => settings.Round1For(2024));
        settings.Round2For(2023).ShouldBe(new DateOnly(2024, 2, 29));
    }

    [Fact]
    public void A_stored_date_is_read_as_ParseExact_reads_it_and_anything_else_fails_as_there()
    {
        // The stored form read directly (DateOnlyHandler.TryStored) must give ParseExact's date for every day, and every
        // other text ParseExact's answer or exception.
        static object? Exact(string text)
        {
            try { return DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); }
            catch (Exception e) { return e.GetType(); }
        }
        static object? Ours(string text)
        {
            try { return DateOnlyHandler.ParseText(text); }
            catch (Exception e) { return e.GetType(); }
        }
        var read = 0;
        for (var day = new DateOnly(1999, 1, 1); day <= new DateOnly(2031, 12, 31); day = day.AddDays(1))
        {
            var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            DateOnlyHandler.TryStored(text, out var stored).ShouldBeTrue(text);
            stored.ShouldBe(day);
            Ours(text).ShouldBe(Exact(text), text);
            read++;
        }
        read.ShouldBeGreaterThan(12000);
        foreach (var text in new[] { "0001-01-01", "9999-12-31", "0000-01-01", "2023-02-29", "2024-02-29", "2024-02-30", "2024-13-01", "2024-00-10",
                     "2024-01-00", "2024-01-32", "2024-1-05", "24-01-05", "2024/01/05", " 2024-01-05", "2024-01-05 ", "2024-01-05T00:00",
                     "٢٠٢٤-٠١-٠٥", "2024-01-0a", "+024-01-05", "-024-01-05", "2024--1-05", "", "20240105", "2024-01-05Z" })
        {
            Ours(text).ShouldBe(Exact(text), text);
            if (DateOnlyHandler.TryStored(text, out var stored)) stored.ShouldBe((DateOnly)Exact(text)!, text);
        }
        FollowUpRounds.DayOf("2024-09-30T23:59:59.000Z").ShouldBe(new DateOnly(2024, 9, 30));
        FollowUpRounds.DayOf("2024-10-01").ShouldBe(new DateOnly(2024, 10, 1));
        Should.Throw<ArgumentOutOfRangeException>(() => FollowUpRounds.DayOf("2024-10"));
        Should.Throw<FormatException>(() => FollowUpRounds.DayOf("2024-13-01T00:00:00Z"));
    }
}
