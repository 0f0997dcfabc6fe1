using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports.Comparison;

public sealed class Request
{
    /// <summary>The förvaltning.</summary>
    public long Id { get; set; }
    /// <summary>The earlier year.</summary>
    [QueryParam] public int? From { get; set; }
    /// <summary>The later year; its plan's risks are matched to the earlier plan's through their copy links.</summary>
    [QueryParam] public int? To { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.From).NotNull().InclusiveBetween(2000, 2100);
            RuleFor(x => x.To).NotNull().InclusiveBetween(2000, 2100);
            RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
                .WithMessage("to must be a later year than from.");
        }
    }
}

/// <summary>Year over year for one förvaltning.</summary>
public sealed class Response
{
    /// <summary>The förvaltning.</summary>
    public long UnitId { get; init; }
    /// <summary>The förvaltning's name.</summary>
    public string UnitName { get; init; } = "";
    /// <summary>The earlier year's plan and its counts.</summary>
    public YearFigures From { get; init; } = new();
    /// <summary>The later year's plan and its counts.</summary>
    public YearFigures To { get; init; } = new();
    /// <summary>Risks of the later plan copied from a risk of the earlier one, with how the value moved.</summary>
    public List<CarriedView> Carried { get; init; } = [];
    /// <summary>Risks of the later plan with no copy link into the earlier plan.</summary>
    public List<RiskBrief> New { get; init; } = [];
    /// <summary>Risks of the earlier plan that no risk of the later plan was copied from.</summary>
    public List<RiskBrief> Dropped { get; init; } = [];
}

/// <summary>One year's plan in a comparison.</summary>
public sealed class YearFigures
{
    /// <summary>The year.</summary>
    public int Year { get; init; }
    /// <summary>The plan's id.</summary>
    public long PlanId { get; init; }
    /// <summary>Draft, adopted, revising or closed.</summary>
    public PlanStatus Status { get; init; }
    /// <summary>Number of risks.</summary>
    public int RiskCount { get; init; }
    /// <summary>Risks per level of the adopted riskvärde.</summary>
    public LevelCounts CountsByLevel { get; init; } = new(0, 0, 0);
    /// <summary>Risks per hanteringsmetod.</summary>
    public MethodCounts CountsByMethod { get; init; } = new(0, 0, 0, 0);
}

/// <summary>A risk carried over from the earlier plan.</summary>
public sealed class CarriedView
{
    /// <summary>The risk in the earlier plan.</summary>
    public long FromRiskId { get; init; }
    /// <summary>The risk in the later plan.</summary>
    public long ToRiskId { get; init; }
    /// <summary>The later risk's title.</summary>
    public string Title { get; init; } = "";
    /// <summary>Adopted value in the earlier plan.</summary>
    public ValueView FromAdopted { get; init; } = new();
    /// <summary>Where the earlier year ended: its latest follow-up value (the adopted one without follow-ups).</summary>
    public ValueView FromLatest { get; init; } = new();
    /// <summary>Adopted (or drafted) value in the later plan.</summary>
    public ValueView ToAdopted { get; init; } = new();
    /// <summary><c>fromLatest</c> against <c>toAdopted</c>.</summary>
    public Trend Trend { get; init; }
}

/// <summary>A risk that is new or dropped.</summary>
public sealed class RiskBrief
{
    /// <summary>The risk's id.</summary>
    public long RiskId { get; init; }
    /// <summary>The risk's title.</summary>
    public string Title { get; init; } = "";
    /// <summary>Its adopted value.</summary>
    public ValueView Value { get; init; } = new();
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units/{id}/comparison");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "Year over year for one förvaltning: risk counts, risks new, carried over and dropped, and value changes";
            s.Description = "Year over year for one förvaltning: the risk counts of both years, risks new, carried over (by the copy links) and dropped, and how carried-over values moved. `404` when either year has no plan.";
        });
        Description(d => d.Ok<Response>().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!Caller.From(User).CanSee(req.Id))
            ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        await using var connection = await db.OpenAsync(ct);
        var plans = (await connection.QueryAsync<PlanRow>(new CommandDefinition("""
            SELECT p.id AS Id, p.year AS Year, p.status AS Status, p.scale AS Scale, u.name AS UnitName
            FROM units u LEFT JOIN plans p ON p.unit_id = u.id AND p.year IN (@from, @to)
            WHERE u.id = @unitId
            """, new { unitId = req.Id, from = req.From, to = req.To }, cancellationToken: ct))).ToList();
        if (plans.Count == 0)
            ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        var fromPlan = plans.FirstOrDefault(p => p.Year == req.From);
        var toPlan = plans.FirstOrDefault(p => p.Year == req.To);
        if (fromPlan?.Id is null) AddError(r => r.From!, $"The unit has no plan for {req.From}.");
        if (toPlan?.Id is null) AddError(r => r.To!, $"The unit has no plan for {req.To}.");
        ThrowIfAnyErrors(404);

        var fromScale = PlanHeader.ReadScale(fromPlan!.Scale!);
        var toScale = PlanHeader.ReadScale(toPlan!.Scale!);
        var disclosure = Caller.From(User).Disclosure;
        var fromRisks = await RiskReader.LoadForPlanAsync(connection, null, fromPlan.Id!.Value, disclosure, ct);
        var toRisks = await RiskReader.LoadForPlanAsync(connection, null, toPlan.Id!.Value, disclosure, ct);
        var result = YearComparison.Compare(fromRisks, toRisks);
        // A pair links its two risks' texts: marked at either end, the pair goes without a title for a redacting reader.
        var marked = fromRisks.Concat(toRisks).Where(r => r.IsRedactedFor(disclosure)).Select(r => r.Id).ToHashSet();

        await Send.OkAsync(new Response
        {
            UnitId = req.Id,
            UnitName = plans[0].UnitName,
            From = Figures(fromPlan, fromScale, fromRisks),
            To = Figures(toPlan, toScale, toRisks),
            Carried = result.Carried.Select(c => new CarriedView
            {
                FromRiskId = c.FromRiskId, ToRiskId = c.ToRiskId,
                Title = marked.Contains(c.FromRiskId) || marked.Contains(c.ToRiskId) ? SecrecyRules.RedactedTitle : c.Title,
                FromAdopted = ValueView.Of(c.FromAdopted, fromScale), FromLatest = ValueView.Of(c.FromLatest, fromScale),
                ToAdopted = ValueView.Of(c.ToAdopted, toScale), Trend = c.Trend,
            }).ToList(),
            New = result.New.Select(r => new RiskBrief { RiskId = r.RiskId, Title = r.Title, Value = ValueView.Of(r.Adopted, toScale) }).ToList(),
            Dropped = result.Dropped.Select(r => new RiskBrief { RiskId = r.RiskId, Title = r.Title, Value = ValueView.Of(r.Adopted, fromScale) }).ToList(),
        }, ct);
    }

    private static YearFigures Figures(PlanRow plan, Scale scale, List<Risk> risks)
    {
        var values = risks;
        return new YearFigures
        {
            Year = (int)plan.Year!.Value, PlanId = plan.Id!.Value, Status = plan.Status!.Value, RiskCount = risks.Count,
            CountsByLevel = ReportFigures.CountByLevel(scale, values), CountsByMethod = ReportFigures.CountByMethod(values),
        };
    }

    private sealed class PlanRow
    {
        public long? Id { get; init; }
        public long? Year { get; init; }
        public PlanStatus? Status { get; init; }
        public string? Scale { get; init; }
        public string UnitName { get; init; } = "";
    }
}
