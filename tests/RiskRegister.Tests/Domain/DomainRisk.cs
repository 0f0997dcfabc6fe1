using RiskRegister.Api.Domain;

namespace RiskRegister.Tests.Domain;

/// <summary>Domain risks for the rules' unit tests: everything defaulted but what a test is about.</summary>
public static class DomainRisk
{
    public static Risk Of(long id = 1, string? title = null, int p = 2, int c = 2, HandlingMethod method = HandlingMethod.None,
        string description = "Beskrivning", string? motivation = null, long? copiedFrom = null,
        IReadOnlyList<RiskActivity>? activities = null, FollowUp1? round1 = null, FollowUp2? round2 = null) =>
        new(id, 1, title ?? $"Risk {id}", description, new RiskValue(p, c), method, motivation, null, null, null, copiedFrom,
            activities ?? [], round1, round2, 1, "2023-01-01T00:00:00.000Z", "2023-01-01T00:00:00.000Z");

    public static RiskActivity Activity(string measure = "Mätvärde", DateOnly? due = null, HandlingStatus status = HandlingStatus.NotStarted, string description = "Aktivitet") =>
        new(1, 1, description, measure, due ?? new DateOnly(2023, 10, 31), null, status);

    public static FollowUp1 Round1(int p, int c, string observations = "Iakttagelser", string events = "Händelser") =>
        new(HandlingStatus.Done, observations, events, new RiskValue(p, c), "2023-09-30T00:00:00.000Z");

    public static FollowUp2 Round2(int p, int c, string result = "Resultat", string improvementAreas = "Förbättringsområden", string finalMotivation = "Motivering") =>
        new(result, improvementAreas, finalMotivation, new RiskValue(p, c), "2024-01-31T00:00:00.000Z");
}
