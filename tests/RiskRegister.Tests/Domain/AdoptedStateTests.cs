using RiskRegister.Api.Domain;
using RiskRegister.Api.Features.Revisions;
using static RiskRegister.Api.Features.Revisions.RevisionLedger;

namespace RiskRegister.Tests.Domain;

/// <summary>A plan under revision as adopted (what the public reads): the open revision's proposals left out or undone.</summary>
public sealed class AdoptedStateTests
{
    private static readonly DateOnly October = new(2025, 10, 31);

    // Risk 2 was adopted as 2×2 "Bristande attest" with activity 20; the revision raised it to 4×3, retitled it, added activity 21.
    private static readonly Snapshot Attest = new("Bristande attest", "Fakturor attesteras sent.", 2, 2, "granskning", "Stickprov behövs.", null, null, null,
        [new ActivitySnapshot(20, "Stickprov", "Andel attesterade", October, null, "notStarted")]);

    private static readonly OpenRevision Open = new(1, "2025-05-20T08:00:00.000Z", new HashSet<long> { 3 }, new Dictionary<long, Snapshot> { [2] = Attest }, new HashSet<long> { 31 });

    private static IReadOnlyList<Risk> Proposed() =>
    [
        DomainRisk.Of(3, "Ny risk", 4, 4, HandlingMethod.Atgard),
        DomainRisk.Of(2, "Bristande attest och behörigheter", 4, 3, HandlingMethod.Atgard, activities:
        [
            new RiskActivity(20, 2, "Stickprov", "Andel attesterade", October, null, HandlingStatus.InProgress),
            new RiskActivity(21, 2, "Ny aktivitet", "Mätvärde", October.AddDays(-60), null, HandlingStatus.NotStarted),
        ]),
        DomainRisk.Of(1, "Lokalförsörjning", 2, 3),
    ];

    [Fact]
    public void A_risk_the_open_revision_added_is_left_out_and_one_it_changed_reads_as_adopted_in_the_adopted_order()
    {
        var adopted = AdoptedState.Risks(Proposed(), Open, Disclosure.Full);
        adopted.Select(r => r.Id).ShouldBe([1, 2]);   // 6 before 4: the adopted values order them
        var attest = adopted[1];
        (attest.Title, attest.Description, attest.Value, attest.HandlingMethod, attest.Motivation)
            .ShouldBe(("Bristande attest", "Fakturor attesteras sent.", new RiskValue(2, 2), HandlingMethod.Granskning, "Stickprov behövs."));
        // The adopted activity only, its status as it stands now (follow-up work goes on during a revision).
        attest.Activities.ShouldHaveSingleItem().ShouldBe(new RiskActivity(20, 2, "Stickprov", "Andel attesterade", October, null, HandlingStatus.InProgress));
        (adopted[0].Title, adopted[0].Value).ShouldBe(("Lokalförsörjning", new RiskValue(2, 3)));   // untouched
    }

    [Fact]
    public void An_activity_the_revision_removed_comes_back_as_adopted()
    {
        var withoutIt = DomainRisk.Of(2, "Bristande attest", 2, 2, HandlingMethod.Granskning);
        AdoptedState.AsAdopted(withoutIt, Attest).Activities.ShouldHaveSingleItem().Status.ShouldBe(HandlingStatus.NotStarted);
    }

    [Fact]
    public void A_marked_risk_is_redacted_again_once_its_adopted_texts_are_back()
    {
        var marked = DomainRisk.Of(2, "Bristande attest och behörigheter", 4, 3) with { Secrecy = new SecrecyMark("OSL 18 kap. 8 §", null, "2025-05-01T00:00:00.000Z", "admin") };
        var read = AdoptedState.Risks([SecrecyRules.Redact(marked)], Open, Disclosure.Redacted).Single();
        (read.Title, read.Value).ShouldBe((SecrecyRules.RedactedTitle, new RiskValue(2, 2)));
        read.Description.ShouldNotContain("Fakturor");
        read.Motivation.ShouldBeNull();
        read.Activities.ShouldHaveSingleItem().Description.ShouldNotContain("Stickprov");
    }

    [Fact]
    public void Controls_of_added_risks_and_controls_made_during_the_revision_are_left_out_and_so_is_the_open_revision()
    {
        static Control Control(long id, long? riskId) => new(id, 1, riskId, $"Kontroll {id}", null, ControlMethod.Stickprov, ControlFrequency.Halvarsvis,
            null, null, null, null, null, [], 1, "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z");
        AdoptedState.Controls([Control(30, null), Control(31, null), Control(32, 3), Control(33, 2)], Open).Select(c => c.Id).ShouldBe([30, 33]);
        AdoptedState.Revisions([new RevisionView { Number = 1, State = RevisionState.Adopted }, new RevisionView { Number = 2, State = RevisionState.Open }])
            .Select(v => v.Number).ShouldBe([1]);
    }
}
