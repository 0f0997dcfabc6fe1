using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>The PostgreSQL texts with parameters by position that the history page, the follow-up status and its CSV send.</summary>
public sealed class SqlDialectTests
{
    [Fact]
    public void Each_named_parameter_is_numbered_in_the_order_given_and_a_longer_name_is_left_alone()
    {
        SqlDialect.Positional("SELECT @idx, @id FROM t WHERE (@cursor IS NULL OR id < @cursor) LIMIT @asked", "id", "cursor", "asked")
            .ShouldBe("SELECT @idx, $1 FROM t WHERE ($2 IS NULL OR id < $2) LIMIT $3");
    }

    [Fact]
    public void A_name_not_given_keeps_its_at_sign()
    {
        SqlDialect.Positional("WHERE year = @year AND unit = @unitId LIMIT @take", "year", "take")
            .ShouldBe("WHERE year = $1 AND unit = @unitId LIMIT $2");
    }
}
