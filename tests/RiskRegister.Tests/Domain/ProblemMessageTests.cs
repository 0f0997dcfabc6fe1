using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Tests.Domain;

public sealed class ProblemMessageTests
{
    [Fact]
    public void An_unknown_enum_value_lists_the_allowed_values() =>
        ApiProblem.Readable("The JSON value could not be converted to System.Nullable`1[RiskRegister.Api.Domain.HandlingMethod]. Path: $.handlingMethod | LineNumber: 0")
            .ShouldBe("Must be one of: none, bevakning, granskning, atgard.");

    [Fact]
    public void A_bad_date_says_how_to_write_one() =>
        ApiProblem.Readable("The JSON value could not be converted to System.Nullable`1[System.DateOnly]. Path: $.due | LineNumber: 0")
            .ShouldBe("Must be a date written YYYY-MM-DD.");

    [Fact]
    public void A_bad_route_or_query_value_names_no_dotnet_type()
    {
        ApiProblem.Readable("Value [abc] is not valid for a [Int64] property!").ShouldBe("Must be a whole number.");
        ApiProblem.Readable("Value [open] is not valid for a [PlanStatus] property!").ShouldBe("Must be one of: draft, adopted, revising, closed.");
    }
}
