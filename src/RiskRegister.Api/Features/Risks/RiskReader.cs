using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Risks;

/// <summary>
/// A risk as read, with the header of its plan: what a write on the risk checks before it changes anything. The domain
/// record is what was read; the view, what the API shows of it, is built from it once, when first asked for.
/// </summary>
public sealed class VisibleRisk(RiskHeader header, Risk risk)
{
    public RiskHeader Header => header;
    public Risk Risk => risk;
    public RiskView View => field ??= RiskView.Of(risk, header.Plan.Scale);

    public void Deconstruct(out RiskHeader riskHeader, out RiskView view) => (riskHeader, view) = (Header, View);
}

/// <summary>Reads risks with everything they hold: one risk in one statement, a plan's risks in four, however many (no N+1).</summary>
public static class RiskReader
{
    private const string RiskColumns = """
        r.id AS Id, r.plan_id AS PlanId, r.title AS Title, r.description AS Description,
        r.probability AS Probability, r.consequence AS Consequence, r.handling_method AS HandlingMethod,
        r.motivation AS Motivation, r.category AS Category, r.owner AS Owner, r.goal AS Goal,
        r.copied_from_risk_id AS CopiedFromRiskId, r.version AS Version, r.created_at AS CreatedAt, r.updated_at AS UpdatedAt,
        r.secrecy_ground AS SecrecyGround, r.secrecy_note AS SecrecyNote, r.secrecy_marked_at AS SecrecyMarkedAt, r.secrecy_marked_by AS SecrecyMarkedBy,
        r.added_in_revision AS AddedInRevision, r.consequences AS Consequences
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
        // The lock is the command's first statement, the read the next: one round trip (RowLocks.PlanOfRiskSql).
        var locking = RowLocks.Needed(transaction);
        var found = await ReadAsync(connection, transaction, locking ? LockingSingleRiskSql : SingleRiskSql, riskId, ct, locking);
        return found is not null && caller.CanSee(found.Header.Plan.UnitId) ? found : null;
    }

    private static readonly string LockingSingleRiskSql = RowLocks.PlanOfRiskSql("@id") + ";\n" + SingleRiskSql;

    /// <summary>One risk with its plan's header, whoever asks: for reading back inside a write that already checked.</summary>
    public static Task<VisibleRisk?> LoadAsync(IDbConnection connection, IDbTransaction? transaction, long riskId, CancellationToken ct) =>
        ReadAsync(connection, transaction, SingleRiskSql, riskId, ct);

    private static async Task<VisibleRisk?> ReadAsync(IDbConnection connection, IDbTransaction? transaction, string sql, long riskId, CancellationToken ct, bool locked = false)
    {
        // Not through Dapper: the rows are read by hand (Rows); on SQLite through the connection's kept statements (KeptReader).
        using var read = await Rows.ReadByIdAsync(connection, transaction, sql, riskId, ct);
        var reader = read.Reader;
        if (locked) reader.NextResult();   // past the lock's row
        var found = ReadSingleRisk(reader);
        if (found is null) return null;
        // The risk's adoptions, the statement's second result (same round trip).
        var adoptions = new List<AdoptedValue>();
        if (reader.NextResult())
            while (reader.Read())
                adoptions.Add(new AdoptedValue(Int32Of(reader, 0), reader.GetString(1), new RiskValue(Int32Of(reader, 2), Int32Of(reader, 3))));
        // The goals it links to, the third result.
        var goalIds = new List<long>();
        if (reader.NextResult())
            while (reader.Read()) goalIds.Add(reader.GetInt64(0));
        return new VisibleRisk(found.Header, found.Risk with { Adoptions = adoptions, GoalIds = goalIds });
    }

    /// <summary>
    /// The follow-ups are at most one row each and the activities a few, so joining them all repeats the risk's columns a
    /// few times, which costs less than a statement each. Read by hand, the risk, plan and follow-up columns once,
    /// because mapping the wide repeated rows with Dapper was a tenth of a risk read's time; each column by its name in
    /// <see cref="SingleRiskSql"/>, found once (<see cref="SingleRiskColumns"/>).
    /// </summary>
    private static VisibleRisk? ReadSingleRisk(IDataReader reader)
    {
        // SQLite answers synchronously; Read() rather than ReadAsync() saves a task per row. (Npgsql has the whole
        // result buffered by the time the reader is handed out, for a result this small.)
        if (!reader.Read()) return null;
        var c = singleRiskColumns ??= new SingleRiskColumns(reader);
        var scale = PlanHeader.ReadScale(reader.GetString(c.Scale));
        var plan = new PlanHeader(reader.GetInt64(c.PlanId), reader.GetInt64(c.UnitId), Int32Of(reader, c.Year),
            EnumText.FromApi<PlanStatus>(reader.GetString(c.PlanStatus)), scale, reader.GetInt64(c.PlanVersion));
        var id = reader.GetInt64(c.Id);
        var round1 = reader.IsDBNull(c.Round1RecordedAt) ? null : new FollowUp1(
            EnumText.FromApi<HandlingStatus>(reader.GetString(c.Round1HandlingStatus)), reader.GetString(c.Round1Observations), reader.GetString(c.Round1Events),
            new RiskValue(Int32Of(reader, c.Round1Probability), Int32Of(reader, c.Round1Consequence)), reader.GetString(c.Round1RecordedAt));
        var round2 = reader.IsDBNull(c.Round2RecordedAt) ? null : new FollowUp2(
            reader.GetString(c.Round2Result), reader.GetString(c.Round2ImprovementAreas), reader.GetString(c.Round2FinalMotivation),
            new RiskValue(Int32Of(reader, c.Round2Probability), Int32Of(reader, c.Round2Consequence)), reader.GetString(c.Round2RecordedAt));
        var risk = new Risk(id, reader.GetInt64(c.PlanId), reader.GetString(c.Title), reader.GetString(c.Description),
            new RiskValue(Int32Of(reader, c.Probability), Int32Of(reader, c.Consequence)), EnumText.FromApi<HandlingMethod>(reader.GetString(c.HandlingMethod)),
            StringOrNull(reader, c.Motivation), StringOrNull(reader, c.Category), StringOrNull(reader, c.Owner), StringOrNull(reader, c.Goal),
            reader.IsDBNull(c.CopiedFromRiskId) ? null : reader.GetInt64(c.CopiedFromRiskId), [], round1, round2, reader.GetInt64(c.Version),
            reader.GetString(c.CreatedAt), reader.GetString(c.UpdatedAt),
            Secrecy(StringOrNull(reader, c.SecrecyGround), StringOrNull(reader, c.SecrecyNote), StringOrNull(reader, c.SecrecyMarkedAt), StringOrNull(reader, c.SecrecyMarkedBy)),
            reader.IsDBNull(c.AddedInRevision) ? null : reader.GetInt64(c.AddedInRevision), Consequences: ReadConsequences(StringOrNull(reader, c.Consequences)));
        var activities = new List<RiskActivity>();
        do
        {
            if (reader.IsDBNull(c.ActivityId)) continue;
            activities.Add(new RiskActivity(reader.GetInt64(c.ActivityId), id, reader.GetString(c.ActivityDescription), reader.GetString(c.ActivityMeasure),
                DateOnlyHandler.Read(reader, c.ActivityDue), StringOrNull(reader, c.ActivityResponsible), EnumText.FromApi<HandlingStatus>(reader.GetString(c.ActivityStatus)),
                reader.GetInt64(c.ActivityCarriedOver) != 0));
        } while (reader.Read());
        return new VisibleRisk(new RiskHeader(id, risk.Version, plan), risk with { Activities = activities });
    }

    // The statement is fixed, so where each column is is found once, by name, from the first result read.
    private static SingleRiskColumns? singleRiskColumns;

    /// <summary>Where each of <see cref="SingleRiskSql"/>'s columns is in its result, each named as aliased there.</summary>
    private sealed class SingleRiskColumns
    {
        public readonly int Id, PlanId, Title, Description, Probability, Consequence, HandlingMethod, Motivation, Category, Owner, Goal,
            CopiedFromRiskId, Version, CreatedAt, UpdatedAt, SecrecyGround, SecrecyNote, SecrecyMarkedAt, SecrecyMarkedBy, AddedInRevision, Consequences,
            UnitId, Year, PlanStatus, Scale, PlanVersion,
            Round1HandlingStatus, Round1Observations, Round1Events, Round1Probability, Round1Consequence, Round1RecordedAt,
            Round2Result, Round2ImprovementAreas, Round2FinalMotivation, Round2Probability, Round2Consequence, Round2RecordedAt,
            ActivityId, ActivityDescription, ActivityMeasure, ActivityDue, ActivityResponsible, ActivityStatus, ActivityCarriedOver;

        public SingleRiskColumns(IDataReader reader)
        {
            // PostgreSQL folds unquoted aliases to lower case.
            var at = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, StringComparer.OrdinalIgnoreCase);
            (Id, PlanId, Title, Description, Probability, Consequence) =
                (at[nameof(Id)], at[nameof(PlanId)], at[nameof(Title)], at[nameof(Description)], at[nameof(Probability)], at[nameof(Consequence)]);
            (HandlingMethod, Motivation, Category, Owner, Goal, CopiedFromRiskId, Version, CreatedAt, UpdatedAt) =
                (at[nameof(HandlingMethod)], at[nameof(Motivation)], at[nameof(Category)], at[nameof(Owner)], at[nameof(Goal)],
                 at[nameof(CopiedFromRiskId)], at[nameof(Version)], at[nameof(CreatedAt)], at[nameof(UpdatedAt)]);
            (SecrecyGround, SecrecyNote, SecrecyMarkedAt, SecrecyMarkedBy, AddedInRevision) =
                (at[nameof(SecrecyGround)], at[nameof(SecrecyNote)], at[nameof(SecrecyMarkedAt)], at[nameof(SecrecyMarkedBy)], at[nameof(AddedInRevision)]);
            (UnitId, Year, PlanStatus, Scale, PlanVersion) = (at[nameof(UnitId)], at[nameof(Year)], at[nameof(PlanStatus)], at[nameof(Scale)], at[nameof(PlanVersion)]);
            (Round1HandlingStatus, Round1Observations, Round1Events, Round1Probability, Round1Consequence, Round1RecordedAt) =
                (at[nameof(Round1HandlingStatus)], at[nameof(Round1Observations)], at[nameof(Round1Events)], at[nameof(Round1Probability)],
                 at[nameof(Round1Consequence)], at[nameof(Round1RecordedAt)]);
            (Round2Result, Round2ImprovementAreas, Round2FinalMotivation, Round2Probability, Round2Consequence, Round2RecordedAt) =
                (at[nameof(Round2Result)], at[nameof(Round2ImprovementAreas)], at[nameof(Round2FinalMotivation)], at[nameof(Round2Probability)],
                 at[nameof(Round2Consequence)], at[nameof(Round2RecordedAt)]);
            (ActivityId, ActivityDescription, ActivityMeasure, ActivityDue, ActivityResponsible, ActivityStatus) =
                (at[nameof(ActivityId)], at[nameof(ActivityDescription)], at[nameof(ActivityMeasure)], at[nameof(ActivityDue)],
                 at[nameof(ActivityResponsible)], at[nameof(ActivityStatus)]);
            ActivityCarriedOver = at[nameof(ActivityCarriedOver)];
            Consequences = at[nameof(Consequences)];
        }
    }

    private static SecrecyMark? Secrecy(string? ground, string? note, string? markedAt, string? markedBy) =>
        ground is null ? null : new SecrecyMark(ground, note, markedAt ?? "", markedBy ?? "");

    /// <summary>A risk's consequence per area as stored (a JSON object in the plan's order of areas), or null.</summary>
    public static string? WriteConsequences(IReadOnlyDictionary<string, int>? areas) =>
        areas is { Count: > 0 } ? System.Text.Json.JsonSerializer.Serialize(areas, ApiJson.Options) : null;

    private static Dictionary<string, int>? ReadConsequences(string? json) =>
        json is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(json, ApiJson.Options);

    private static string? StringOrNull(IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // The columns are BIGINT on PostgreSQL: read as what they are, Npgsql serves them from the column's own converter (asked
    // for an int, it looks up another for every value). On SQLite both are the same 64-bit read (Rows.Int32Of).
    private static int Int32Of(IDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    /// <summary>A risk with its plan's header, follow-ups and activities, one row an activity; each column named for <see cref="SingleRiskColumns"/>.</summary>
    public const string SingleRiskSql = $"""
        SELECT {RiskColumns},
               p.unit_id AS UnitId, p.year AS Year, p.status AS PlanStatus, p.scale AS Scale, p.version AS PlanVersion,
               f1.handling_status AS Round1HandlingStatus, f1.observations AS Round1Observations, f1.events AS Round1Events,
               f1.probability AS Round1Probability, f1.consequence AS Round1Consequence, f1.recorded_at AS Round1RecordedAt,
               f2.result AS Round2Result, f2.improvement_areas AS Round2ImprovementAreas, f2.final_motivation AS Round2FinalMotivation,
               f2.probability AS Round2Probability, f2.consequence AS Round2Consequence, f2.recorded_at AS Round2RecordedAt,
               a.id AS ActivityId, a.description AS ActivityDescription, a.measure AS ActivityMeasure, a.due AS ActivityDue,
               a.responsible AS ActivityResponsible, a.status AS ActivityStatus, COALESCE(a.carried_over, 0) AS ActivityCarriedOver
        FROM risks r
        JOIN plans p ON p.id = r.plan_id
        LEFT JOIN follow_ups_1 f1 ON f1.risk_id = r.id
        LEFT JOIN follow_ups_2 f2 ON f2.risk_id = r.id
        LEFT JOIN activities a ON a.risk_id = r.id
        WHERE r.id = @id
        ORDER BY a.due, a.id;
        SELECT revision, adopted_at, probability, consequence FROM risk_adoptions WHERE risk_id = @id ORDER BY revision;
        SELECT goal_id FROM risk_goals WHERE risk_id = @id ORDER BY goal_id;
        """;

    /// <summary>
    /// Inserts a risk with <paramref name="insertSql"/> (an INSERT without RETURNING) and answers it as stored, from the
    /// row the insert returns: a new risk has no activities or follow-ups, so reading it back would only repeat the insert.
    /// </summary>
    public static async Task<RiskView> InsertAsync(IDbConnection connection, IDbTransaction transaction, string insertSql, object parameters, Scale scale, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<RiskRow>(new CommandDefinition(insertSql + "\nRETURNING " + ReturningColumns, parameters, transaction, cancellationToken: ct));
        return RiskView.Of(row.ToRisk([], null, null), scale);
    }

    // The same columns, as an INSERT's RETURNING names them (no table alias).
    private static readonly string ReturningColumns = RiskColumns.Replace("r.", "", StringComparison.Ordinal);

    /// <summary>A plan's risks, highest riskvärde first, then in the order they were added, as <paramref name="disclosure"/> lets them be read.</summary>
    public static async Task<List<Risk>> LoadForPlanAsync(IDbConnection connection, IDbTransaction? transaction, long planId, Disclosure disclosure, CancellationToken ct) =>
        (await ReadManyAsync(connection, transaction, planId, ct)).As(disclosure);

    private static async Task<List<Risk>> ReadManyAsync(IDbConnection connection, IDbTransaction? transaction, long planId, CancellationToken ct)
    {
        await using var command = Rows.Command(connection, transaction, ForPlanSql, "id", planId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadManyAsync(reader, ct);
    }

    /// <summary>
    /// A plan's risks as <see cref="ReadManyAsync(System.Data.Common.DbDataReader, CancellationToken)"/> reads them (six results, parameter <c>@id</c>), for a
    /// caller that sends them in one batch with its other statements (<see cref="PlanView"/>: one round trip, not several).
    /// </summary>
    internal static readonly string ForPlanSql = ManySql("r.plan_id = @id");

    private static string ManySql(string where) => $"""
            SELECT {RiskColumns} FROM risks r WHERE {where} ORDER BY r.probability * r.consequence DESC, r.id;
            SELECT a.id AS Id, a.risk_id AS RiskId, a.description AS Description, a.measure AS Measure, a.due AS Due,
                   a.responsible AS Responsible, a.status AS Status, a.carried_over AS CarriedOver
            FROM activities a JOIN risks r ON r.id = a.risk_id WHERE {where} ORDER BY a.due, a.id;
            SELECT f.risk_id AS RiskId, f.handling_status AS HandlingStatus, f.observations AS Observations, f.events AS Events,
                   f.probability AS Probability, f.consequence AS Consequence, f.recorded_at AS RecordedAt
            FROM follow_ups_1 f JOIN risks r ON r.id = f.risk_id WHERE {where};
            SELECT f.risk_id AS RiskId, f.result AS Result, f.improvement_areas AS ImprovementAreas, f.final_motivation AS FinalMotivation,
                   f.probability AS Probability, f.consequence AS Consequence, f.recorded_at AS RecordedAt
            FROM follow_ups_2 f JOIN risks r ON r.id = f.risk_id WHERE {where};
            SELECT ra.risk_id AS RiskId, ra.revision AS Revision, ra.adopted_at AS AdoptedAt, ra.probability AS Probability, ra.consequence AS Consequence
            FROM risk_adoptions ra JOIN risks r ON r.id = ra.risk_id WHERE {where} ORDER BY ra.revision;
            SELECT rg.risk_id AS Item, rg.goal_id AS Goal FROM risk_goals rg JOIN risks r ON r.id = rg.risk_id WHERE {where} ORDER BY rg.goal_id;
            """;

    /// <summary>
    /// The risks from the six results of <see cref="ManySql"/>, <paramref name="reader"/> at the first of them (and left at
    /// the last), each with what it holds. Read by hand, by ordinal (<see cref="Rows"/>): the columns of each result
    /// are found by name once (<see cref="ManyColumns"/>).
    /// </summary>
    internal static async Task<List<Risk>> ReadManyAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
    {
        var c = manyColumns;
        var rows = new List<Risk>();
        while (await reader.ReadAsync(ct))
        {
            c ??= manyColumns = new ManyColumns(reader);
            rows.Add(new Risk(reader.GetInt64(c.Id), reader.GetInt64(c.PlanId), reader.GetString(c.Title), reader.GetString(c.Description),
                new RiskValue(reader.Int32Of(c.Probability), reader.Int32Of(c.Consequence)), reader.EnumOf<HandlingMethod>(c.HandlingMethod),
                reader.StringOrNull(c.Motivation), reader.StringOrNull(c.Category), reader.StringOrNull(c.Owner), reader.StringOrNull(c.Goal),
                reader.Int64OrNull(c.CopiedFromRiskId), [], null, null, reader.GetInt64(c.Version), reader.GetString(c.CreatedAt), reader.GetString(c.UpdatedAt),
                Secrecy(reader.StringOrNull(c.SecrecyGround), reader.StringOrNull(c.SecrecyNote), reader.StringOrNull(c.SecrecyMarkedAt), reader.StringOrNull(c.SecrecyMarkedBy)),
                reader.Int64OrNull(c.AddedInRevision), Consequences: ReadConsequences(reader.StringOrNull(c.Consequences))));
        }
        // Each risk's activities (due, then id), follow-ups, adoptions (by revision) and goals (by id), in the order read;
        // these statements are written out above, so their columns are where they stand there.
        var activities = new Dictionary<long, List<RiskActivity>>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var riskId = reader.GetInt64(1);
            activities.AddTo(riskId, new RiskActivity(reader.GetInt64(0), riskId, reader.GetString(2), reader.GetString(3),
                DateOnlyHandler.Read(reader, 4), reader.StringOrNull(5), reader.EnumOf<HandlingStatus>(6), reader.GetInt64(7) != 0));
        }
        var round1 = new Dictionary<long, FollowUp1>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            round1[reader.GetInt64(0)] = new FollowUp1(reader.EnumOf<HandlingStatus>(1), reader.GetString(2), reader.GetString(3),
                new RiskValue(reader.Int32Of(4), reader.Int32Of(5)), reader.GetString(6));
        var round2 = new Dictionary<long, FollowUp2>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            round2[reader.GetInt64(0)] = new FollowUp2(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                new RiskValue(reader.Int32Of(4), reader.Int32Of(5)), reader.GetString(6));
        var adoptions = new Dictionary<long, List<AdoptedValue>>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            adoptions.AddTo(reader.GetInt64(0), new AdoptedValue(reader.Int32Of(1), reader.GetString(2), new RiskValue(reader.Int32Of(3), reader.Int32Of(4))));
        var goals = new Dictionary<long, List<long>>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            goals.AddTo(reader.GetInt64(0), reader.GetInt64(1));
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            rows[i] = r with
            {
                Activities = activities.GetValueOrDefault(r.Id) ?? [], Round1 = round1.GetValueOrDefault(r.Id), Round2 = round2.GetValueOrDefault(r.Id),
                Adoptions = adoptions.GetValueOrDefault(r.Id) ?? [], GoalIds = goals.GetValueOrDefault(r.Id) ?? [],
            };
        }
        return rows;
    }


    // The statement is fixed, so where each risk column is is found once, by name, from the first risk read.
    private static ManyColumns? manyColumns;

    /// <summary>Where the risks' columns (<see cref="RiskColumns"/>) of <see cref="ManySql"/> are, each named as aliased there.</summary>
    private sealed class ManyColumns
    {
        public readonly int Id, PlanId, Title, Description, Probability, Consequence, HandlingMethod, Motivation, Category, Owner, Goal,
            CopiedFromRiskId, Version, CreatedAt, UpdatedAt, SecrecyGround, SecrecyNote, SecrecyMarkedAt, SecrecyMarkedBy, AddedInRevision, Consequences;

        public ManyColumns(IDataRecord risks)
        {
            var at = Rows.Ordinals(risks);
            (Id, PlanId, Title, Description, Probability, Consequence) =
                (at(nameof(Id)), at(nameof(PlanId)), at(nameof(Title)), at(nameof(Description)), at(nameof(Probability)), at(nameof(Consequence)));
            (HandlingMethod, Motivation, Category, Owner, Goal, CopiedFromRiskId, Version, CreatedAt, UpdatedAt) =
                (at(nameof(HandlingMethod)), at(nameof(Motivation)), at(nameof(Category)), at(nameof(Owner)), at(nameof(Goal)),
                 at(nameof(CopiedFromRiskId)), at(nameof(Version)), at(nameof(CreatedAt)), at(nameof(UpdatedAt)));
            (SecrecyGround, SecrecyNote, SecrecyMarkedAt, SecrecyMarkedBy, AddedInRevision, Consequences) =
                (at(nameof(SecrecyGround)), at(nameof(SecrecyNote)), at(nameof(SecrecyMarkedAt)), at(nameof(SecrecyMarkedBy)), at(nameof(AddedInRevision)), at(nameof(Consequences)));
        }
    }

    // The row an insert returns, as Dapper reads it (InsertAsync).
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
        public string? SecrecyGround { get; init; }
        public string? SecrecyNote { get; init; }
        public string? SecrecyMarkedAt { get; init; }
        public string? SecrecyMarkedBy { get; init; }
        public long? AddedInRevision { get; init; }
        public string? Consequences { get; init; }

        public Risk ToRisk(IReadOnlyList<RiskActivity> activities, FollowUp1? round1, FollowUp2? round2) => new(
            Id, PlanId, Title, Description, new RiskValue(Probability, Consequence), HandlingMethod, Motivation, Category, Owner, Goal,
            CopiedFromRiskId, activities, round1, round2, Version, CreatedAt, UpdatedAt,
            Secrecy(SecrecyGround, SecrecyNote, SecrecyMarkedAt, SecrecyMarkedBy), AddedInRevision, Consequences: ReadConsequences(Consequences));
    }
}
