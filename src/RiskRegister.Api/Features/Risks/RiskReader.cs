using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks;

/// <summary>A risk as read, with the header of its plan: what a write on the risk checks before it changes anything.</summary>
public sealed record VisibleRisk(RiskHeader Header, RiskView View);

/// <summary>Reads risks with everything they hold: one risk in one statement, a plan's risks in four, however many (no N+1).</summary>
public static class RiskReader
{
    private const string RiskColumns = """
        r.id AS Id, r.plan_id AS PlanId, r.title AS Title, r.description AS Description,
        r.probability AS Probability, r.consequence AS Consequence, r.handling_method AS HandlingMethod,
        r.motivation AS Motivation, r.category AS Category, r.owner AS Owner, r.goal AS Goal,
        r.copied_from_risk_id AS CopiedFromRiskId, r.version AS Version, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt
        """;

    /// <summary>
    /// One risk with everything it holds and its plan's header, in one statement, or null when it does not exist or the
    /// caller may not see its plan (both answer 404). Every request on a risk starts here, reading a risk is the most
    /// frequent request of all, so the row is read by hand (see <see cref="ReadSingleRisk"/>).
    /// </summary>
    /// In a write, the plan's row is locked first (<see cref="RowLocks"/>): whatever the write's rules then read of the plan
    /// stays as read until it commits.
    public static async Task<VisibleRisk?> LoadVisibleAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, Caller caller, CancellationToken ct)
    {
        await RowLocks.PlanOfRiskAsync(connection, transaction, riskId, ct);
        var found = await ReadAsync(connection, transaction, SingleRiskSql, riskId, ct);
        return found is not null && caller.CanSee(found.Header.Plan.UnitId) ? found : null;
    }

    /// <summary>One risk with its plan's header, whoever asks: for reading back inside a write that already checked.</summary>
    public static Task<VisibleRisk?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, CancellationToken ct) =>
        ReadAsync(connection, transaction, SingleRiskSql, riskId, ct);

    private static async Task<VisibleRisk?> ReadAsync(IDbConnection connection, IDbTransaction? transaction, string sql, long riskId, CancellationToken ct)
    {
        using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new { id = riskId }, transaction, cancellationToken: ct));
        return ReadSingleRisk(reader);
    }

    /// <summary>
    /// The follow-ups are at most one row each and the activities a few, so joining them all repeats the risk's columns a
    /// few times, which costs less than a statement each. Read by ordinal, the risk, plan and follow-up columns once,
    /// because mapping the wide repeated rows by name was a tenth of a risk read's time. The columns are in
    /// <see cref="SingleRiskSql"/>'s order.
    /// </summary>
    private static VisibleRisk? ReadSingleRisk(IDataReader reader)
    {
        // SQLite answers synchronously; Read() rather than ReadAsync() saves a task per row. (Npgsql has the whole
        // result buffered by the time the reader is handed out, for a result this small.)
        if (!reader.Read()) return null;
        var scale = PlanHeader.ReadScale(reader.GetString(18));
        var plan = new PlanHeader(reader.GetInt64(1), reader.GetInt64(15), reader.GetInt32(16), EnumText.FromApi<PlanStatus>(reader.GetString(17)), scale, reader.GetInt64(19));
        var risk = new RiskRow
        {
            Id = reader.GetInt64(0), PlanId = reader.GetInt64(1), Title = reader.GetString(2), Description = reader.GetString(3),
            Probability = reader.GetInt32(4), Consequence = reader.GetInt32(5), HandlingMethod = EnumText.FromApi<HandlingMethod>(reader.GetString(6)),
            Motivation = StringOrNull(reader, 7), Category = StringOrNull(reader, 8), Owner = StringOrNull(reader, 9), Goal = StringOrNull(reader, 10),
            CopiedFromRiskId = reader.IsDBNull(11) ? null : reader.GetInt64(11), Version = reader.GetInt64(12),
            CreatedAt = reader.GetString(13), UpdatedAt = reader.GetString(14),
        }.ToView(scale);
        if (!reader.IsDBNull(25))
            risk.FollowUp1 = new FollowUp1Row
            {
                RiskId = risk.Id, HandlingStatus = EnumText.FromApi<HandlingStatus>(reader.GetString(20)), Observations = reader.GetString(21),
                Events = reader.GetString(22), Probability = reader.GetInt32(23), Consequence = reader.GetInt32(24), RecordedAt = reader.GetString(25),
            }.ToView(scale, risk.Score);
        if (!reader.IsDBNull(31))
            risk.FollowUp2 = new FollowUp2Row
            {
                RiskId = risk.Id, Result = reader.GetString(26), ImprovementAreas = reader.GetString(27), FinalMotivation = reader.GetString(28),
                Probability = reader.GetInt32(29), Consequence = reader.GetInt32(30), RecordedAt = reader.GetString(31),
            }.ToView(scale, risk.FollowUp1?.Score ?? risk.Score);
        do
        {
            if (reader.IsDBNull(32)) continue;
            risk.Activities.Add(new ActivityView
            {
                Id = reader.GetInt64(32), RiskId = risk.Id, Description = reader.GetString(33), Measure = reader.GetString(34),
                Due = DateOnlyHandler.Read(reader, 35), Responsible = StringOrNull(reader, 36),
                Status = EnumText.FromApi<HandlingStatus>(reader.GetString(37)),
            });
        } while (reader.Read());
        return new VisibleRisk(new RiskHeader(risk.Id, risk.Version, plan), risk);
    }

    private static string? StringOrNull(IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The risk's columns are <see cref="RiskColumns"/> (their aliases go unused: the row is read by ordinal).</summary>
    public const string SingleRiskSql = $"""
        SELECT {RiskColumns},
               p.unit_id, p.year, p.status, p.scale, p.version,
               f1.handling_status, f1.observations, f1.events, f1.probability, f1.consequence, f1.recorded_at,
               f2.result, f2.improvement_areas, f2.final_motivation, f2.probability, f2.consequence, f2.recorded_at,
               a.id, a.description, a.measure, a.due, a.responsible, a.status
        FROM risks r
        JOIN plans p ON p.id = r.plan_id
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

    private sealed class RiskRow
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
