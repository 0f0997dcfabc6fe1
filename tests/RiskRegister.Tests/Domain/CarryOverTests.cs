using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>What a copy carries into next year's draft: unfinished activities and uppföljning 2's improvement areas.</summary>
public sealed class CarryOverTests
{
    private static readonly DateOnly Round1Due = new(2026, 9, 30);

    [Fact]
    public void Unfinished_activities_come_over_a_year_on_and_done_ones_stay()
    {
        var risk = DomainRisk.Of(activities:
        [
            DomainRisk.Activity(description: "Klar", status: HandlingStatus.Done),
            DomainRisk.Activity(description: "Pågår", due: new DateOnly(2025, 8, 22), status: HandlingStatus.InProgress),
            DomainRisk.Activity(description: "Ej påbörjad", due: new DateOnly(2025, 12, 31)),
        ]);

        var carried = CarryOver.Propose(risk, 2025, 2026, Round1Due);

        carried.Select(a => (a.Description, a.Due)).ShouldBe([("Pågår", new DateOnly(2026, 8, 22)), ("Ej påbörjad", new DateOnly(2026, 12, 31))]);
    }

    [Fact]
    public void Improvement_areas_become_an_activity_due_with_next_years_first_follow_up()
    {
        var risk = DomainRisk.Of(round2: DomainRisk.Round2(2, 2, improvementAreas: "Beskrivning av hanteringsmetod kan utvecklas"));

        var carried = CarryOver.Propose(risk, 2025, 2026, Round1Due).ShouldHaveSingleItem();

        carried.Description.ShouldBe("Förbättringsområde från uppföljning 2 av 2025 års plan: Beskrivning av hanteringsmetod kan utvecklas");
        carried.Due.ShouldBe(Round1Due);
    }

    [Fact]
    public void Blank_improvement_areas_bring_nothing() =>
        CarryOver.Propose(DomainRisk.Of(round2: DomainRisk.Round2(2, 2, improvementAreas: "  ")), 2025, 2026, Round1Due).ShouldBeEmpty();
}
