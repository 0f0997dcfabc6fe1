using System.Diagnostics;
using System.Globalization;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RiskRegister.Bench;

/// <summary>
/// The database ceiling of each operation: the statements the endpoint runs, as prepared commands on one
/// connection per thread with the service's pragmas, on the same file (or, with <c>--postgres</c>, the same PostgreSQL
/// database, writes locking the plan row as the service does), with ids drawn as the load generator draws them. No
/// HTTP, no JSON, no Dapper mapping: what is left when everything above the database is free.
/// Keep the SQL here in step with the endpoints' (Features/*/*/Endpoint.cs).
/// </summary>
internal static class SqlCeiling
{
    /// <summary>RiskReader.LoadAsync: one risk with its plan's header, follow-ups and activities; the endpoint's own statement.</summary>
    private const string RiskSql = RiskRegister.Api.Features.Risks.RiskReader.SingleRiskSql;

    private const string PlanHeaderSql = "SELECT id, unit_id, year, status, scale, version FROM plans WHERE id = @id";

    private const string HistoryInsertSql = """
        INSERT INTO history (at, client_id, client_name, entity, entity_id, action, plan_id, risk_id, before_json, after_json)
        VALUES (@at, 1, 'bench-admin', @entity, @entityId, @action, @plan, @risk, NULL, @after)
        """;

    private const string CountRisksSql = "SELECT COUNT(*) FROM risks WHERE plan_id = @id";

    private static readonly string LockedRiskSql = RiskRegister.Api.Infrastructure.RowLocks.PlanOfRiskSql("@id") + ";\n" + RiskSql;

    /// <summary>The follow-up and its round's completion note, one command (RecordFollowUp1).</summary>
    private static readonly string FollowUp1Sql = """
        INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
        VALUES (@id, 'inProgress', 'Iakttagelser.', 'Inga händelser.', 3, 3, @at)
        ON CONFLICT (risk_id) DO UPDATE SET handling_status = excluded.handling_status, observations = excluded.observations,
            events = excluded.events, probability = excluded.probability, consequence = excluded.consequence,
            recorded_at = excluded.recorded_at;
        """ + "\n" + RiskRegister.Api.Features.FollowUps.RoundRecords.NoteCompletionSql(1);

    private const string TouchSql = "UPDATE plans SET version = version + 1, updated_at = @at WHERE id = @id";

    /// <summary>
    /// History page (Features/History/HistoryPage.cs): the endpoint's own command, the plan's header (which decides who may
    /// read its history) and the page, newest first (one row more than the page, to know if there is a next).
    /// </summary>
    private static readonly string HistoryPlanSql = RiskRegister.Api.Features.History.HistoryPage.PlanPageAfterHeaderSql;

    public static async Task<int> RunAsync(string db, string? postgres, string op, double seconds, int threads)
    {
        RiskRegister.Api.Infrastructure.SqliteLibrary.Configure(); // the service's SQLite settings
        var env = File.ReadAllLines(db + ".env").Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        long E(string key) => long.Parse(env[key], CultureInfo.InvariantCulture);
        var year = E("CURRENT_YEAR");
        var (riskMin, riskMax) = (E($"RISK_MIN_{E("FIRST_YEAR")}"), E($"RISK_MAX_{year}"));
        var (curRiskMin, curRiskMax) = (E($"RISK_MIN_{year}"), E($"RISK_MAX_{year}"));
        var (planMin, planMax) = (E($"PLAN_MIN_{E("FIRST_YEAR")}"), E($"PLAN_MAX_{year}"));
        var (draftMin, draftMax) = (E($"PLAN_MIN_{year + 1}"), E($"PLAN_MAX_{year + 1}"));
        var (adminMin, adminMax) = (E("ADMIN_MIN"), E("ADMIN_MAX"));

        var statusUnitSql = RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(true, true,
            dialect: postgres is null ? null : new NpgsqlConnection());
        Action<Session, Random>? body = op switch
        {
            "read-risk" => (s, rng) =>
            {
                var id = rng.NextInt64(riskMin, riskMax + 1);
                s.Read(RiskSql, ("@id", id));
            },
            "create-risk" => (s, rng) => s.Write(tx =>
            {
                var plan = rng.NextInt64(draftMin, draftMax + 1);
                var at = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                // As the endpoint: the plan (locked on PostgreSQL) and its risks counted, one command.
                s.Read((s.Postgres ? PlanHeaderSql + " FOR UPDATE" : PlanHeaderSql) + ";\n" + CountRisksSql, ("@id", plan));
                var id = s.Scalar("""
                    INSERT INTO risks (plan_id, title, description, probability, consequence, handling_method, motivation,
                                       category, owner, goal, created_at, updated_at)
                    VALUES (@plan, 'Bristande informationssäkerhet', 'Risk att information röjs.', 2, 3, 'bevakning', 'Bevakas.',
                            'IT', 'IT-chef', NULL, @at, @at)
                    RETURNING id, plan_id, title, description, probability, consequence, handling_method, motivation,
                              category, owner, goal, copied_from_risk_id, version, created_at, updated_at
                    """, ("@plan", plan), ("@at", at));
                s.Exec(TouchSql, ("@at", at), ("@id", plan));
                s.Exec(s.HistorySql, ("@at", at), ("@entity", "risk"), ("@entityId", id), ("@action", "created"),
                    ("@plan", plan), ("@risk", id), ("@after", """{"title":"Bristande informationssäkerhet","probability":2,"consequence":3}"""));
            }),
            "follow-up-1" => (s, rng) => s.Write(tx =>
            {
                var id = rng.NextInt64(curRiskMin, curRiskMax + 1);
                var at = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                // As the endpoint: the plan locked (PostgreSQL) in the command of the risk's read; the first row is then the
                // lock's (the plan's id), else the risk's, which carries its plan (column 1).
                var plan = s.Postgres ? (long)s.Read(LockedRiskSql, 0, ("@id", id))! : (long)s.Read(RiskSql, 1, ("@id", id))!;
                s.Exec(FollowUp1Sql, ("@id", id), ("@at", at), ("@planId", plan), ("@round", 1L), ("@now", at));
                s.Exec("UPDATE risks SET version = version + 1, updated_at = @at WHERE id = @id;\n" + TouchSql.Replace("@id", "@plan", StringComparison.Ordinal),
                    ("@at", at), ("@id", id), ("@plan", plan));
                s.Exec(s.HistorySql, ("@at", at), ("@entity", "followUp1"), ("@entityId", id), ("@action", "recorded"),
                    ("@plan", plan), ("@risk", id), ("@after", """{"handlingStatus":"inProgress","probability":3,"consequence":3}"""));
            }),
            // The endpoint's own statements: the plan with its risks and controls and the units above it with its count of
            // revisions, one command (PlanView.LoadAsync with SummaryReads.WithPlan; the bench registers' plans have no
            // revisions or goals, whose statements follow only for a plan that has them).
            "summary-json" or "summary-html" => (s, rng) =>
            {
                var id = rng.NextInt64(planMin, planMax + 1);
                s.Read(RiskRegister.Api.Features.Reports.Summary.SummaryReads.PlanAndUnitsSql, 0, ("@id", id));
            },
            // The endpoint's own statement (the kept round records joined), in the database's dialect: a JSON page (101 rows
            // asked for) for one unit.
            "status-unit" => (s, rng) => s.Read(statusUnitSql,
                ("@year", year), ("@unitId", rng.NextInt64(adminMin, adminMax + 1)), ("@take", 101L)),
            // The CSV's statements: the year's first plans in order, their batch, the rest of the year's order after them, then
            // each batch of plans (with their kept round records, one statement).
            "status-all" => (s, _) =>
            {
                var first = s.Ids(RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.OrderSql(true, false, firstPage: true),
                    ("@year", year), ("@take", (long)RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.CsvFirstBatch));
                var rest = first.Count < RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.CsvFirstBatch ? [] :
                    s.Ids(RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.OrderSql(true, false, afterCursor: true), ("@year", year), ("@cursor", first[^1]));
                foreach (var batch in new[] { first.ToArray() }.Concat(rest.Chunk(RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.CsvBatch)))
                {
                    if (batch.Length == 0) continue;
                    var list = "(" + string.Join(",", batch.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture))) + ")";
                    var ids = batch.Select((id, i) => ("@p" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
                    s.Read(RiskRegister.Api.Features.Reports.FollowUpStatus.Endpoint.Sql(false, false, byPlans: true).Replace("@planIds", list, StringComparison.Ordinal),
                        [.. ids, ("@take", (long)int.MaxValue)]);
                }
            },
            // As the endpoint: the plan's header (who may read it) and the page in one command (limit=50 is one read of 51 rows).
            "history-plan" => (s, rng) =>
            {
                var id = rng.NextInt64(planMin, planMax + 1);
                s.Read(HistoryPlanSql, ("@planId", id), ("@id", id), ("@cursor", null), ("@asked", 51L));
            },
            _ => null,
        };
        if (body is null)
        {
            Console.WriteLine($"{op}\t\t\t\t0");
            return 0;
        }

        var deadline = Stopwatch.StartNew();
        var samples = new List<double>[threads];
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            using var session = new Session(db, postgres);
            var rng = new Random(17 + t);
            var mine = samples[t] = new List<double>(100_000);
            var limit = TimeSpan.FromSeconds(seconds);
            while (deadline.Elapsed < limit)
            {
                var start = Stopwatch.GetTimestamp();
                body(session, rng);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = deadline.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).Order().ToArray();
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        Console.WriteLine(string.Join('\t', op, (all.Length / elapsed).ToString("F1", CultureInfo.InvariantCulture),
            P(0.50).ToString("F3", CultureInfo.InvariantCulture), P(0.99).ToString("F3", CultureInfo.InvariantCulture),
            all.Length.ToString(CultureInfo.InvariantCulture)));
        return 0;
    }

    /// <summary>One connection with the service's settings, and its prepared commands by SQL text.</summary>
    private sealed class Session : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly Dictionary<string, DbCommand> _commands = [];
        private DbTransaction? _transaction;

        /// <summary>On PostgreSQL writes run side by side and lock the plan row (RowLocks); on SQLite they take turns.</summary>
        public bool Postgres { get; }

        public Session(string db, string? postgres)
        {
            Postgres = postgres is not null;
            if (postgres is not null)
            {
                // The service's own additions to the connection string (no JIT, its lock timeout), so the ceiling's
                // statements are planned and run as the service's are.
                using (var service = new RiskRegister.Api.Infrastructure.PostgresDb(new RiskRegister.Api.Infrastructure.DatabaseSettings { Provider = "postgres", ConnectionString = postgres }))
                    _connection = new NpgsqlConnection(service.ConnectionString);
                _connection.Open();
                return;
            }
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = db, Mode = SqliteOpenMode.ReadWrite, ForeignKeys = true, Pooling = false,
            }.ToString());
            _connection.Open();
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        /// <summary>SQLite's writers take turns at an in-process gate, as in the service (SqliteDb.BeginWriteAsync).</summary>
        private static readonly Lock WriterGate = new();

        public void Write(Action<DbTransaction> work)
        {
            if (Postgres)
            {
                Run(work, IsolationLevel.ReadCommitted);
                return;
            }
            using var turn = WriterGate.EnterScope();
            Run(work, IsolationLevel.Serializable);   // BEGIN IMMEDIATE, as the service's writer
        }

        private void Run(Action<DbTransaction> work, IsolationLevel isolation)
        {
            using var transaction = _transaction = _connection.BeginTransaction(isolation);
            work(transaction);
            transaction.Commit();
            _transaction = null;
        }

        /// <summary>The history insert; on PostgreSQL after the history lock, in the same command (WriteScope.CommitAsync).</summary>
        public string HistorySql => Postgres
            ? RiskRegister.Api.Infrastructure.RowLocks.SerializeSql(RiskRegister.Api.Infrastructure.RowLocks.Kind.History) + ";\n" + HistoryInsertSql
            : HistoryInsertSql;

        /// <summary>Reads every value of every row; answers the first row's value at <paramref name="keep"/>.</summary>
        public object? Read(string sql, params (string Name, object? Value)[] parameters) => Read(sql, 0, parameters);

        public object? Read(string sql, int keep, params (string Name, object? Value)[] parameters)
        {
            using var reader = Command(sql, parameters).ExecuteReader();
            object? kept = null;
            var first = true;
            do
            {
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.GetValue(i);
                        if (first && i == keep) kept = value;
                    }
                    first = false;
                }
            } while (reader.NextResult());
            return kept;
        }

        /// <summary>The first column of every row, as ids.</summary>
        public List<long> Ids(string sql, params (string Name, object? Value)[] parameters)
        {
            using var reader = Command(sql, parameters).ExecuteReader();
            var ids = new List<long>();
            while (reader.Read()) ids.Add(reader.GetInt64(0));
            return ids;
        }

        public long Scalar(string sql, params (string Name, object? Value)[] parameters) =>
            Convert.ToInt64(Command(sql, parameters).ExecuteScalar(), CultureInfo.InvariantCulture);

        public void Exec(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteNonQuery();

        private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    // Typed up front: PostgreSQL must know a parameter's type when the statement is prepared.
                    parameter.DbType = value switch { string => DbType.String, _ => DbType.Int64 };
                    command.Parameters.Add(parameter);
                }
                if (Postgres) command.Prepare();
                _commands[sql] = command;
            }
            command.Transaction = _transaction;
            foreach (var (name, value) in parameters)
                command.Parameters[name].Value = value ?? DBNull.Value;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _connection.Dispose();
        }
    }
}
