namespace RiskRegister.Api.Features.Risks;

/// <summary>A risk as the API shows it: its assessment, handling, activities and both follow-ups.</summary>
public sealed class RiskView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The plan the risk belongs to.</summary>
    public long PlanId { get; init; }
    /// <summary>Short name of the risk.</summary>
    public string Title { get; init; } = "";
    /// <summary>The risk, described from the nämnd's mission (uppdrag).</summary>
    public string Description { get; init; } = "";
    /// <summary>Sannolikhet, a step on the plan's scale.</summary>
    public int Probability { get; init; }
    /// <summary>Konsekvens, a step on the plan's scale.</summary>
    public int Consequence { get; init; }
    /// <summary>Riskvärde: probability × consequence.</summary>
    public int Score { get; init; }
    /// <summary>Level of the score in the plan's scale.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Hanteringsmetod.</summary>
    public HandlingMethod HandlingMethod { get; init; }
    /// <summary>Why this method (or, for a red risk without one, why it is accepted).</summary>
    public string? Motivation { get; init; }
    /// <summary>Riskområde.</summary>
    public string? Category { get; init; }
    /// <summary>Riskägare.</summary>
    public string? Owner { get; init; }
    /// <summary>The region goal the risk threatens.</summary>
    public string? Goal { get; init; }
    /// <summary>The risk in last year's plan this one was copied from.</summary>
    public long? CopiedFromRiskId { get; init; }
    /// <summary>Aktiviteter under the handling method.</summary>
    public List<ActivityView> Activities { get; init; } = [];
    /// <summary>Uppföljning 1, once recorded.</summary>
    public FollowUp1View? FollowUp1 { get; set; }
    /// <summary>Uppföljning 2, once recorded.</summary>
    public FollowUp2View? FollowUp2 { get; set; }
    /// <summary>When the risk was created (UTC).</summary>
    public string CreatedAt { get; init; } = "";
    /// <summary>When the risk last changed (UTC).</summary>
    public string UpdatedAt { get; init; } = "";

    internal long Version { get; init; }
}

/// <summary>An aktivitet: what is done, how success is seen (mätvärde) and by when (tidplan).</summary>
public sealed class ActivityView
{
    /// <summary>Server-assigned id.</summary>
    public long Id { get; init; }
    /// <summary>The risk the activity handles.</summary>
    public long RiskId { get; init; }
    /// <summary>What is done.</summary>
    public string Description { get; init; } = "";
    /// <summary>Mätvärde: how success is seen.</summary>
    public string Measure { get; init; } = "";
    /// <summary>Tidplan: when it is to be done.</summary>
    public DateOnly Due { get; init; }
    /// <summary>Who is responsible.</summary>
    public string? Responsible { get; init; }
    /// <summary>How far the activity has come.</summary>
    public HandlingStatus Status { get; init; }
}

/// <summary>Uppföljning 1 of one risk.</summary>
public sealed class FollowUp1View
{
    /// <summary>Status för genomförd hantering.</summary>
    public HandlingStatus HandlingStatus { get; init; }
    /// <summary>Status för iakttagelser.</summary>
    public string Observations { get; init; } = "";
    /// <summary>Händelser som påverkat risken.</summary>
    public string Events { get; init; } = "";
    /// <summary>Re-assessed sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Re-assessed konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Re-assessed riskvärde.</summary>
    public int Score { get; init; }
    /// <summary>Level of the re-assessed riskvärde.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Against the adopted riskvärde.</summary>
    public Trend Trend { get; init; }
    /// <summary>When it was recorded (UTC).</summary>
    public string RecordedAt { get; init; } = "";
}

/// <summary>Uppföljning 2 of one risk, ending in the slutligt riskvärde.</summary>
public sealed class FollowUp2View
{
    /// <summary>Resultat genomförd hantering.</summary>
    public string Result { get; init; } = "";
    /// <summary>Förbättringsområden, vidare hanterings- och åtgärdsbehov.</summary>
    public string ImprovementAreas { get; init; } = "";
    /// <summary>Motivering till slutligt riskvärde.</summary>
    public string FinalMotivation { get; init; } = "";
    /// <summary>Final sannolikhet.</summary>
    public int Probability { get; init; }
    /// <summary>Final konsekvens.</summary>
    public int Consequence { get; init; }
    /// <summary>Slutligt riskvärde.</summary>
    public int FinalScore { get; init; }
    /// <summary>Level of the final riskvärde.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Against the riskvärde of uppföljning 1 (the adopted one when round 1 is missing).</summary>
    public Trend Trend { get; init; }
    /// <summary>When it was recorded (UTC).</summary>
    public string RecordedAt { get; init; } = "";
}

/// <summary>Reads risks with everything they hold in four queries, however many risks (no N+1).</summary>
public static class RiskReader
{
    private const string RiskColumns = """
        r.id AS Id, r.plan_id AS PlanId, r.title AS Title, r.description AS Description,
        r.probability AS Probability, r.consequence AS Consequence, r.handling_method AS HandlingMethod,
        r.motivation AS Motivation, r.category AS Category, r.owner AS Owner, r.goal AS Goal,
        r.copied_from_risk_id AS CopiedFromRiskId, r.version AS Version, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt
        """;

    /// <summary>
    /// One risk in one statement: its follow-ups are at most one row each and its activities a few, so joining them all
    /// repeats the risk's columns a few times, which costs far less than SQLite preparing four statements per request.
    /// </summary>
    public static async Task<RiskView?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, Scale scale, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<SingleRiskRow>(new CommandDefinition(SingleRiskSql, new { id = riskId }, transaction, cancellationToken: ct))).AsList();
        if (rows.Count == 0) return null;
        var first = rows[0];
        var risk = first.ToView(scale);
        if (first.F1RecordedAt is not null)
            risk.FollowUp1 = new FollowUp1Row
            {
                RiskId = first.Id, HandlingStatus = first.F1HandlingStatus!.Value, Observations = first.F1Observations!, Events = first.F1Events!,
                Probability = first.F1Probability!.Value, Consequence = first.F1Consequence!.Value, RecordedAt = first.F1RecordedAt,
            }.ToView(scale, risk.Score);
        if (first.F2RecordedAt is not null)
            risk.FollowUp2 = new FollowUp2Row
            {
                RiskId = first.Id, Result = first.F2Result!, ImprovementAreas = first.F2ImprovementAreas!, FinalMotivation = first.F2FinalMotivation!,
                Probability = first.F2Probability!.Value, Consequence = first.F2Consequence!.Value, RecordedAt = first.F2RecordedAt,
            }.ToView(scale, risk.FollowUp1?.Score ?? risk.Score);
        foreach (var row in rows)
            if (row.AId is { } activityId)
                risk.Activities.Add(new ActivityView
                {
                    Id = activityId, RiskId = row.Id, Description = row.ADescription!, Measure = row.AMeasure!, Due = row.ADue!.Value,
                    Responsible = row.AResponsible, Status = row.AStatus!.Value,
                });
        return risk;
    }

    internal const string SingleRiskSql = $"""
        SELECT {RiskColumns},
               f1.handling_status AS F1HandlingStatus, f1.observations AS F1Observations, f1.events AS F1Events,
               f1.probability AS F1Probability, f1.consequence AS F1Consequence, f1.recorded_at AS F1RecordedAt,
               f2.result AS F2Result, f2.improvement_areas AS F2ImprovementAreas, f2.final_motivation AS F2FinalMotivation,
               f2.probability AS F2Probability, f2.consequence AS F2Consequence, f2.recorded_at AS F2RecordedAt,
               a.id AS AId, a.description AS ADescription, a.measure AS AMeasure, a.due AS ADue,
               a.responsible AS AResponsible, a.status AS AStatus
        FROM risks r
        LEFT JOIN follow_ups_1 f1 ON f1.risk_id = r.id
        LEFT JOIN follow_ups_2 f2 ON f2.risk_id = r.id
        LEFT JOIN activities a ON a.risk_id = r.id
        WHERE r.id = @id
        ORDER BY a.due, a.id
        """;

    /// <summary>
    /// Inserts a risk with <paramref name="insertSql"/> (an INSERT without RETURNING) and answers it as stored, from the
    /// row the insert returns: a new risk has no activities or follow-ups, so reading it back would only repeat the insert.
    /// </summary>
    public static async Task<RiskView> InsertAsync(IDbConnection connection, IDbTransaction transaction, string insertSql, object parameters, Scale scale, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<RiskRow>(new CommandDefinition(insertSql + "\nRETURNING " + ReturningColumns, parameters, transaction, cancellationToken: ct));
        return row.ToView(scale);
    }

    private const string ReturningColumns = """
        id AS Id, plan_id AS PlanId, title AS Title, description AS Description,
        probability AS Probability, consequence AS Consequence, handling_method AS HandlingMethod,
        motivation AS Motivation, category AS Category, owner AS Owner, goal AS Goal,
        copied_from_risk_id AS CopiedFromRiskId, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>A plan's risks, highest riskvärde first, then in the order they were added.</summary>
    public static Task<List<RiskView>> LoadForPlanAsync(IDbConnection connection, IDbTransaction? transaction, long planId, Scale scale, CancellationToken ct) =>
        ReadAsync(connection, transaction, "r.plan_id = @id", planId, scale, ct);

    private static async Task<List<RiskView>> ReadAsync(IDbConnection connection, IDbTransaction? transaction, string where, long id, Scale scale, CancellationToken ct)
    {
        var sql = $"""
            SELECT {RiskColumns} FROM risks r WHERE {where} ORDER BY r.probability * r.consequence DESC, r.id;
            SELECT a.id AS Id, a.risk_id AS RiskId, a.description AS Description, a.measure AS Measure, a.due AS Due,
                   a.responsible AS Responsible, a.status AS Status
            FROM activities a JOIN risks r ON r.id = a.risk_id WHERE {where} ORDER BY a.due, a.id;
            SELECT f.risk_id AS RiskId, f.handling_status AS HandlingStatus, f.observations AS Observations, f.events AS Events,
                   f.probability AS Probability, f.consequence AS Consequence, f.recorded_at AS RecordedAt
            FROM follow_ups_1 f JOIN risks r ON r.id = f.risk_id WHERE {where};
            SELECT f.risk_id AS RiskId, f.result AS Result, f.improvement_areas AS ImprovementAreas, f.final_motivation AS FinalMotivation,
                   f.probability AS Probability, f.consequence AS Consequence, f.recorded_at AS RecordedAt
            FROM follow_ups_2 f JOIN risks r ON r.id = f.risk_id WHERE {where};
            """;
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { id }, transaction, cancellationToken: ct));
        var risks = (await grid.ReadAsync<RiskRow>()).Select(r => r.ToView(scale)).ToList();
        var byId = risks.ToDictionary(r => r.Id);
        foreach (var activity in await grid.ReadAsync<ActivityView>())
            byId[activity.RiskId].Activities.Add(activity);
        foreach (var round1 in await grid.ReadAsync<FollowUp1Row>())
        {
            var risk = byId[round1.RiskId];
            risk.FollowUp1 = round1.ToView(scale, risk.Score);
        }
        foreach (var round2 in await grid.ReadAsync<FollowUp2Row>())
        {
            var risk = byId[round2.RiskId];
            risk.FollowUp2 = round2.ToView(scale, risk.FollowUp1?.Score ?? risk.Score);
        }
        return risks;
    }

    private sealed class SingleRiskRow : RiskRow
    {
        public HandlingStatus? F1HandlingStatus { get; init; }
        public string? F1Observations { get; init; }
        public string? F1Events { get; init; }
        public int? F1Probability { get; init; }
        public int? F1Consequence { get; init; }
        public string? F1RecordedAt { get; init; }
        public string? F2Result { get; init; }
        public string? F2ImprovementAreas { get; init; }
        public string? F2FinalMotivation { get; init; }
        public int? F2Probability { get; init; }
        public int? F2Consequence { get; init; }
        public string? F2RecordedAt { get; init; }
        public long? AId { get; init; }
        public string? ADescription { get; init; }
        public string? AMeasure { get; init; }
        public DateOnly? ADue { get; init; }
        public string? AResponsible { get; init; }
        public HandlingStatus? AStatus { get; init; }
    }

    private class RiskRow
    {
        public long Id { get; init; }
        public long PlanId { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public int Probability { get; init; }
        public int Consequence { get; init; }
        public HandlingMethod HandlingMethod { get; init; }
        public string? Motivation { get; init; }
        public string? Category { get; init; }
        public string? Owner { get; init; }
        public string? Goal { get; init; }
        public long? CopiedFromRiskId { get; init; }
        public long Version { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";

        public RiskView ToView(Scale scale) => new()
        {
            Id = Id, PlanId = PlanId, Title = Title, Description = Description,
            Probability = Probability, Consequence = Consequence,
            Score = Scale.Score(Probability, Consequence), Level = scale.Level(Probability, Consequence),
            HandlingMethod = HandlingMethod, Motivation = Motivation, Category = Category, Owner = Owner, Goal = Goal,
            CopiedFromRiskId = CopiedFromRiskId, Version = Version, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }

    internal sealed class FollowUp1Row
    {
        public long RiskId { get; init; }
        public HandlingStatus HandlingStatus { get; init; }
        public string Observations { get; init; } = "";
        public string Events { get; init; } = "";
        public int Probability { get; init; }
        public int Consequence { get; init; }
        public string RecordedAt { get; init; } = "";

        public FollowUp1View ToView(Scale scale, int adoptedScore)
        {
            var score = Scale.Score(Probability, Consequence);
            return new()
            {
                HandlingStatus = HandlingStatus, Observations = Observations, Events = Events,
                Probability = Probability, Consequence = Consequence, Score = score, Level = scale.Level(score),
                Trend = Trends.Between(adoptedScore, score), RecordedAt = RecordedAt,
            };
        }
    }

    private sealed class FollowUp2Row
    {
        public long RiskId { get; init; }
        public string Result { get; init; } = "";
        public string ImprovementAreas { get; init; } = "";
        public string FinalMotivation { get; init; } = "";
        public int Probability { get; init; }
        public int Consequence { get; init; }
        public string RecordedAt { get; init; } = "";

        public FollowUp2View ToView(Scale scale, int previousScore)
        {
            var score = Scale.Score(Probability, Consequence);
            return new()
            {
                Result = Result, ImprovementAreas = ImprovementAreas, FinalMotivation = FinalMotivation,
                Probability = Probability, Consequence = Consequence, FinalScore = score, Level = scale.Level(score),
                Trend = Trends.Between(previousScore, score), RecordedAt = RecordedAt,
            };
        }
    }
}
