using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports.Summary;
using RiskRegister.Api.Features.Risks;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>How a fixed text of several statements is split for a PostgreSQL batch (PostgresBatch): as Npgsql splits it.</summary>
public sealed class PostgresBatchTests
{
    [Fact]
    public void A_text_is_split_at_each_semicolon_outside_quotes_and_comments_each_statement_trimmed()
    {
        PostgresBatch.Statements("""
            SELECT 'a;b', "c;d" FROM t WHERE x = @id;
            -- a comment; still one
            SELECT 1 /* and; this */ FROM u;

            SELECT 'it''s; one';
            """).ShouldBe(["SELECT 'a;b', \"c;d\" FROM t WHERE x = @id", "-- a comment; still one\nSELECT 1 /* and; this */ FROM u", "SELECT 'it''s; one'"]);
    }

    [Theory]
    [InlineData("SELECT $$a;b$$")]
    [InlineData("SELECT E'a\\';b'")]
    [InlineData("SELECT 1 /* a /* b */ ; */")]
    public void A_form_the_split_does_not_know_is_refused_not_split_wrongly(string sql)
    {
        Should.Throw<ArgumentException>(() => PostgresBatch.Statements(sql));
    }

    [Fact]
    public void The_last_statement_needs_no_semicolon()
    {
        PostgresBatch.Statements("SELECT 1;\nSELECT 2").ShouldBe(["SELECT 1", "SELECT 2"]);
    }

    [Fact]
    public void The_reads_sent_as_batches_split_into_as_many_statements_as_they_have_results()
    {
        // A risk: the risk, its adoptions, its goals. A plan: its row, the risks' six results, the controls' three; the
        // summary adds the units above it.
        PostgresBatch.Statements(RiskReader.SingleRiskSql).Count.ShouldBe(3);
        PostgresBatch.Statements(PlanView.LoadSql).Count.ShouldBe(10);
        PostgresBatch.Statements(SummaryReads.PlanAndUnitsSql).Count.ShouldBe(12);
    }
}
