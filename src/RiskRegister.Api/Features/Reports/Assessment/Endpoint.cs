using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Assessment;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
}

/// <summary>The auditors' criteria checked against one plan.</summary>
public sealed class Response
{
    /// <summary>The plan's id.</summary>
    public long PlanId { get; init; }
    /// <summary>The förvaltning's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Draft, adopted or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The date time-bound criteria (activities past their tidplan) were judged against.</summary>
    public DateOnly AssessedOn { get; init; }
    /// <summary>The worst judgement of all areas.</summary>
    public Judgement Overall { get; init; }
    /// <summary>
    /// The areas of the auditors' template, in their order: <c>planUpprattad</c>, <c>uppfoljning1</c>, <c>uppfoljning2</c>,
    /// <c>planGenomford</c>, <c>vidtagnaAtgarder</c>; each <c>uppfyllt</c>, <c>inteHeltUppfyllt</c> or <c>inteUppfyllt</c>,
    /// with its findings in Swedish.
    /// </summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
}

public sealed class Endpoint(Db db, TimeProvider time, AdoptionPolicy adoption) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{id}/assessment");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The auditors' criteria checked: each area uppfyllt, inteHeltUppfyllt or inteUppfyllt, with findings";
            s.Description = "The auditors' criteria checked against the plan: each area `uppfyllt`, `inteHeltUppfyllt` or `inteUppfyllt`, with findings in Swedish.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        // Judged on the risks as held; a redacting reader's findings name marked risks by their marking (Judge).
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Disclosure.Full, ct);
        if (plan is null || !caller.CanSee(plan.UnitId))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var areas = AssessmentCriteria.Judge(plan.Scale, plan.Status, plan.HeldRisks, today, caller.Disclosure, plan.HeldControls);
        await Send.OkAsync(new Response
        {
            PlanId = plan.Id, UnitName = plan.UnitName, Year = plan.Year, Status = plan.Status, AssessedOn = today,
            Overall = AssessmentCriteria.Overall(areas), Areas = areas,
        }, ct);
    }
}
