using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.Assessment;

public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The day judged (YYYY-MM-DD, past or future); default today. A round not yet due on it is <c>ejAktuellt</c>.</summary>
    [QueryParam] public DateOnly? AsOf { get; set; }
}

/// <summary>The auditors' criteria checked against one plan.</summary>
public sealed class Response
{
    /// <summary>The plan's id.</summary>
    public long PlanId { get; init; }
    /// <summary>The unit's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The year the plan covers.</summary>
    public int Year { get; init; }
    /// <summary>Draft, adopted, revising or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>The date judged on: rounds not yet due on it are <c>ejAktuellt</c>, activities past their tidplan are late.</summary>
    public DateOnly AsOf { get; init; }
    /// <summary>The whole on the auditors' scale: <c>tillracklig</c>, <c>inteHeltTillracklig</c> or <c>inteTillracklig</c>.</summary>
    public Conclusion Conclusion { get; init; }
    /// <summary>
    /// The six areas of the auditors' report, in their order: <c>established</c>, <c>contents</c>, <c>followUp1</c>,
    /// <c>followUp2</c>, <c>carriedOut</c>, <c>actions</c>; each with its Swedish title, a verdict (<c>uppfyllt</c>,
    /// <c>inteHeltUppfyllt</c>, <c>inteUppfyllt</c>, <c>ejAktuellt</c>), the deviations found and what was observed.
    /// </summary>
    public IReadOnlyList<AssessedArea> Areas { get; init; } = [];
}

public sealed class Endpoint(Db db, TimeProvider time, AdoptionPolicy adoption, IOptions<FollowUpSettings> followUps) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/plans/{id}/assessment");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The auditors' six areas judged on the plan: uppfyllt, inteHeltUppfyllt, inteUppfyllt or ejAktuellt, with findings and observations";
            s.Description = "The plan judged as the auditors' annual report judges it (areas `established`, `contents`, `followUp1`, `followUp2`, `carriedOut`, `actions`, in that order): each verdict `uppfyllt`, `inteHeltUppfyllt`, `inteUppfyllt`, or `ejAktuellt` for what is not yet due on `asOf` (default today), with findings (deviations) and observations (risks per method, values that changed, the count the year before) in Swedish, and the `conclusion` on the auditors' three-step scale. The contents are judged by the criteria adoption applies: what adoption answered as `warnings` is what is criticised here. A follow-up round is judged on when it was first complete and when the nämnd's handling of it was recorded (`PUT /plans/{id}/follow-ups/{round}/report`), as the follow-up status gives them: done or reported after its due date is a finding, and stays one once the work is done; a correction after the due date is none.";
        });
        Description(d => d.Ok<Response>().Problems(400, 404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        // Judged on the risks as held; a redacting reader's findings name marked risks by their marking (Judge).
        var asOf = req.AsOf ?? DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        // With its rounds as kept: when each was first complete and reported to the nämnd, as the nämnd report judges them.
        var plan = await PlanView.LoadAsync(connection, null, req.Id, adoption, Disclosure.Full, new RoundDays(followUps.Value, asOf), ct);
        if (plan is null || !caller.CanSee(plan.UnitId))
            ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        var previous = await Judging.PreviousYearRiskCountAsync(connection, plan.UnitId, plan.Year, ct);
        var areas = AssessmentCriteria.Judge(Judging.Input(plan, asOf, followUps.Value, previous), caller.Disclosure);
        await Send.OkAsync(new Response
        {
            PlanId = plan.Id, UnitName = plan.UnitName, Year = plan.Year, Status = plan.Status, AsOf = asOf,
            Conclusion = AssessmentCriteria.Conclude(areas), Areas = areas,
        }, ct);
    }
}

/// <summary>What the assessment of a plan is judged on, read beside the plan: its rule, due dates and the year before.</summary>
public static class Judging
{
    public static AssessmentInput Input(PlanView plan, DateOnly asOf, FollowUpSettings due, int? previousYearRiskCount) =>
        new(plan.Year, plan.Status, plan.Scale, plan.Policy, plan.HeldRisks, asOf, due.Round1For(plan.Year), due.Round2For(plan.Year),
            plan.Decision?.Date, plan.Decision?.Paragraph, previousYearRiskCount, plan.DocumentTitle, plan.HeldControls, plan.Round1State, plan.Round2State);

    /// <summary>The risks of the unit's plan the year before; null when it had none.</summary>
    public static Task<int?> PreviousYearRiskCountAsync(IDbConnection connection, long unitId, int year, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM risks r WHERE r.plan_id = p.id) FROM plans p WHERE p.unit_id = @unitId AND p.year = @previous
            """, new { unitId, previous = year - 1 }, cancellationToken: ct));
}
