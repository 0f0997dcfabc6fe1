using System.Text.Json;
using System.Text.Json.Nodes;
using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Events;

namespace RiskRegister.Tests.Domain;

public sealed class SecrecyRulesTests
{
    private const string Secret = "HEMLIGT";

    private static Risk MarkedRisk() => DomainRisk.Of(7, $"Titel {Secret}", p: 3, c: 4, method: HandlingMethod.Atgard, description: $"Beskrivning {Secret}",
        motivation: $"Motivering {Secret}", activities: [DomainRisk.Activity($"Mätvärde {Secret}", description: $"Aktivitet {Secret}")],
        round1: DomainRisk.Round1(3, 3, $"Iakttagelser {Secret}", $"Händelser {Secret}"),
        round2: DomainRisk.Round2(4, 4, $"Resultat {Secret}", $"Förbättring {Secret}", $"Motivering {Secret}"))
        with { Category = $"Område {Secret}", Owner = $"Ägare {Secret}", Goal = $"Mål {Secret}",
               Secrecy = new SecrecyMark("OSL 18 kap. 8 §", $"Anteckning {Secret}", "2026-12-01T00:00:00.000Z", $"Klient {Secret}") };

    [Fact]
    public void A_marked_risk_keeps_its_values_and_ground_and_loses_every_text()
    {
        var risk = MarkedRisk();
        var redacted = SecrecyRules.Redact(risk);
        JsonSerializer.Serialize(redacted).ShouldNotContain(Secret);
        redacted.Title.ShouldBe(SecrecyRules.RedactedTitle);
        (redacted.Id, redacted.Value, redacted.HandlingMethod, redacted.Latest).ShouldBe((risk.Id, risk.Value, risk.HandlingMethod, risk.Latest));
        redacted.Activities.Single().Due.ShouldBe(risk.Activities.Single().Due);
        redacted.Round1!.Value.ShouldBe(risk.Round1!.Value);
        redacted.Secrecy!.Ground.ShouldBe("OSL 18 kap. 8 §");
    }

    [Fact]
    public void An_unmarked_risk_is_read_as_it_is_and_a_full_reader_gets_everything()
    {
        var open = DomainRisk.Of(1, "Öppen");
        SecrecyRules.Redact(open).ShouldBeSameAs(open);
        new[] { MarkedRisk() }.As(Disclosure.Full).Single().Title.ShouldContain(Secret);
        new[] { MarkedRisk() }.As(Disclosure.Redacted).Single().Title.ShouldBe(SecrecyRules.RedactedTitle);
    }

    [Fact]
    public void An_events_data_keeps_only_members_known_to_hold_no_text()
    {
        var data = JsonNode.Parse($$"""
            {"id": 7, "title": "Titel {{Secret}}", "description": "{{Secret}}", "probability": 3, "score": 12, "newTextField": "{{Secret}}",
             "activities": [{"id": 1, "description": "{{Secret}}", "due": "2023-10-31"}], "followUp1": {"observations": "{{Secret}}", "score": 9},
             "secrecy": {"ground": "OSL 18 kap. 8 §", "note": "{{Secret}}", "markedBy": "{{Secret}}"} }
            """)!.AsObject();
        var redacted = EventRedaction.Redact(data);
        redacted.ToJsonString().ShouldNotContain(Secret);
        redacted["title"]!.GetValue<string>().ShouldBe(SecrecyRules.RedactedTitle);
        redacted["score"]!.GetValue<int>().ShouldBe(12);
        redacted["activities"]![0]!["due"]!.GetValue<string>().ShouldBe("2023-10-31");
        redacted["secrecy"]!["ground"]!.GetValue<string>().ShouldBe("OSL 18 kap. 8 §");
    }

    [Fact]
    public void The_auditors_findings_name_a_marked_risk_by_its_marking_for_a_redacting_reader_and_judge_the_same()
    {
        // Adopted, no lower risk, no activity with a measure: findings that quote the risk, and a late activity.
        var risk = MarkedRisk() with { Activities = [DomainRisk.Activity(due: new DateOnly(2023, 10, 31)) with { Description = $"Aktivitet {Secret}" }] };
        var today = new DateOnly(2024, 3, 1);
        var plan = new AssessmentInput(2023, PlanStatus.Adopted, Scale.Default, AdoptionPolicy.Default, [risk], today, new DateOnly(2023, 9, 30), new DateOnly(2024, 1, 31));
        var full = AssessmentCriteria.Judge(plan);
        var redacted = AssessmentCriteria.Judge(plan, Disclosure.Redacted);
        redacted.Select(a => a.Verdict).ShouldBe(full.Select(a => a.Verdict));
        string.Join("\n", full.SelectMany(a => a.Findings)).ShouldContain(Secret);
        var findings = string.Join("\n", redacted.SelectMany(a => a.Findings));
        findings.ShouldNotContain(Secret);
        findings.ShouldContain("\"Sekretessmarkerad risk (OSL 18 kap. 8 §)\"");
        findings.ShouldContain("En aktivitet under risken");
    }

    [Fact]
    public void Marking_changes_nothing_when_marked_so_already_and_unmarking_nothing_when_unmarked()
    {
        var mark = new SecrecyMark("OSL 18 kap. 8 §", "Larmrutiner", "2025-03-01T08:00:00Z", "Registrator");
        SecrecyRules.Marking(mark, "OSL 18 kap. 8 §", "Larmrutiner").ShouldBeNull();
        SecrecyRules.Marking(mark, "OSL 18 kap. 8 §", null).ShouldBe(("OSL 18 kap. 8 §", (string?)null));
        SecrecyRules.Marking(mark, "OSL 21 kap. 1 §", "Larmrutiner").ShouldBe(("OSL 21 kap. 1 §", "Larmrutiner"));
        SecrecyRules.Marking(null, "OSL 18 kap. 8 §", null).ShouldBe(("OSL 18 kap. 8 §", (string?)null));
        SecrecyRules.Unmarking(mark).ShouldBe(((string?)null, (string?)null));
        SecrecyRules.Unmarking(null).ShouldBeNull();
    }
}
