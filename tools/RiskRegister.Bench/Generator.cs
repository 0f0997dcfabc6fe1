using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Auth;
using RiskRegister.Api.Infrastructure;

namespace RiskRegister.Bench;

/// <summary>
/// Fills a fresh SQLite file, created by the service's own migrations, with a register at a chosen scale:
/// organisations (regions, then municipalities) with their nämnder and two förvaltningar each, one plan per
/// förvaltning and year over ten years (closed, then this year's adopted, then a few of next year's drafts),
/// risks copied from year to year, activities, both follow-ups, and what the service keeps besides them once a plan is
/// adopted and followed up: each risk's adopted value, the rounds' completion and the nämnd's handling of them, and
/// kontrollmoment with their results — with the history rows every write leaves.
/// Deterministic: the same seed and scale give the same file.
/// </summary>
internal sealed class Generator(string path, int organisations, int seed, int currentYear)
{
    public const int Years = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string ScaleJson =
        """{"size":4,"probabilityLabels":["Osannolik","Mindre sannolik","Möjlig","Sannolik"],"consequenceLabels":["Lindrig","Kännbar","Allvarlig","Mycket allvarlig"],"greenMax":4,"yellowMax":8}""";

    private readonly Random _rng = new(seed);
    private readonly Dictionary<string, long> _meta = [];
    private long _unitId, _planId, _riskId, _activityId, _controlId, _historyId, _rows;

    private sealed record PrevRisk(long Id, string Title, string Description, int P, int C, string Method, string Category, string Owner, string Goal);
    private sealed record Admin(long Id, long BoardId, int Organisation);
    private sealed record PrevControl(long Id, int Kind, int RiskIndex, int Writes);
    private sealed record Made(long PlanId, List<PrevRisk> Risks, List<PrevControl> Controls);

    public async Task<IReadOnlyDictionary<string, long>> RunAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);

        // The service's own migrations, exactly as at start-up.
        using (var db = new SqliteDb(new DatabaseSettings { Path = path }))
            await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        // Disposing the Db closed its connections: the exclusive lock below needs the file to itself.

        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        // Nothing else reads this file while it is generated: no journal, no fsync.
        Exec(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;");

        var admins = Units(connection);
        Clients(connection, admins);
        Plans(connection, admins);

        Console.Error.WriteLine($"  rows written in {clock.Elapsed.TotalSeconds:F1} s; analysing");
        Exec(connection, "ANALYZE;");
        Exec(connection, "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;");
        _meta["ROWS"] = _rows;
        _meta["GENERATION_MS"] = clock.ElapsedMilliseconds;
        return _meta;
    }

    private List<Admin> Units(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction();
        using var unit = new Inserter(connection, tx, "INSERT INTO units (id, name, kind, parent_id, created_at) VALUES ($1, $2, $3, $4, $5)");
        var created = Stamp(currentYear - Years, 1, 10);
        // Boards first, then all förvaltningar, so each kind has a contiguous id range the load generator can draw from.
        var boards = new List<(long Id, string Name, int Organisation)>();
        for (var o = 0; o < organisations; o++)
        {
            var isRegion = o < Words.Regions.Length;
            var owner = isRegion ? Words.Regions[o] : Words.Municipality(o - Words.Regions.Length);
            var names = isRegion ? Words.RegionBoards : Words.MunicipalityBoards;
            var count = 12 + _rng.Next(7); // about 15 nämnder
            for (var b = 0; b < count; b++)
            {
                var id = ++_unitId;
                var name = $"{owner}: {names[b % names.Length]}";
                unit.Run(id, name, "board", null, created);
                boards.Add((id, name, o));
            }
        }
        _meta["BOARD_MIN"] = 1;
        _meta["BOARD_MAX"] = _unitId;
        var admins = new List<Admin>();
        foreach (var (boardId, name, o) in boards)
        {
            var first = _rng.Next(Words.Administrations.Length);
            for (var a = 0; a < 2; a++)
            {
                var id = ++_unitId;
                unit.Run(id, $"{name} – {Words.Administrations[(first + a) % Words.Administrations.Length]}", "administration", boardId, created);
                admins.Add(new Admin(id, boardId, o));
            }
        }
        _meta["ADMIN_MIN"] = _meta["BOARD_MAX"] + 1;
        _meta["ADMIN_MAX"] = _unitId;
        tx.Commit();
        _rows += _unitId;
        return admins;
    }

    private void Clients(SqliteConnection connection, List<Admin> admins)
    {
        using var tx = connection.BeginTransaction();
        using var client = new Inserter(connection, tx, "INSERT INTO clients (id, name, role, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)");
        using var scope = new Inserter(connection, tx, "INSERT INTO client_units (client_id, unit_id) VALUES ($1, $2)");
        var at = Stamp(currentYear - Years, 1, 2);
        foreach (var (id, role, key) in BenchKeys.All)
            client.Run(id, "bench-" + role, role, ApiKeys.Hash(key), at);
        // The registrator works for the first organisation: its nämnder and their förvaltningar.
        var own = admins.Where(a => a.Organisation == 0).ToList();
        foreach (var unitId in own.Select(a => a.BoardId).Distinct().Concat(own.Select(a => a.Id)))
            scope.Run(BenchKeys.RegistratorId, unitId);
        tx.Commit();
    }

    private void Plans(SqliteConnection connection, List<Admin> admins)
    {
        var previous = new Dictionary<long, Made>();
        var firstYear = currentYear - Years + 1;
        for (var year = firstYear; year <= currentYear + 1; year++)
        {
            var draftYear = year > currentYear;
            using var tx = connection.BeginTransaction();
            using var w = new Writers(connection, tx);
            _meta[$"PLAN_MIN_{year}"] = _planId + 1;
            _meta[$"RISK_MIN_{year}"] = _riskId + 1;
            for (var i = 0; i < admins.Count; i++)
            {
                // Next year's drafts: about one förvaltning in ten has started its plan.
                if (draftYear && i % 10 != 0) continue;
                var admin = admins[i];
                previous[admin.Id] = Plan(w, admin, year, previous.GetValueOrDefault(admin.Id));
            }
            _meta[$"PLAN_MAX_{year}"] = _planId;
            _meta[$"RISK_MAX_{year}"] = _riskId;
            tx.Commit();
            Console.Error.WriteLine($"  {year}: plans up to {_planId}, risks up to {_riskId}, history up to {_historyId}");
        }
        _meta["CURRENT_YEAR"] = currentYear;
        _meta["FIRST_YEAR"] = firstYear;
        _meta["PLANS"] = _planId;
        _meta["RISKS"] = _riskId;
        _meta["ACTIVITIES"] = _activityId;
        _meta["CONTROLS"] = _controlId;
        _meta["HISTORY"] = _historyId;
        _rows += _planId + _riskId + _activityId + _controlId + _historyId;
    }

    /// <summary>One förvaltning's plan for one year, with everything that happened to it in that year.</summary>
    private Made Plan(Writers w, Admin admin, int year, Made? prev)
    {
        var status = year < currentYear ? "closed" : year == currentYear ? "adopted" : "draft";
        var copied = prev is not null && _rng.Next(100) < 85;
        var planId = ++_planId;
        var created = Stamp(year - 1, 11, 1 + _rng.Next(28));
        var decision = Date(year, 2 + _rng.Next(3), 1 + _rng.Next(28));
        var paragraph = $"§ {1 + _rng.Next(40)}";
        var caseNumber = $"{year - 1}-POL{_rng.Next(1000000):D6}";
        var closedAt = status == "closed" ? Stamp(year + 1, 2, 1 + _rng.Next(28)) : null;
        var adopted = status != "draft";
        var followUp1Day = Stamp(year, 8, 15 + _rng.Next(14));
        var followUp2Day = Stamp(year + 1, 1, 10 + _rng.Next(18));
        var updated = closedAt ?? (status == "adopted" ? followUp1Day : created);
        var version = 1L;

        w.Plan.Run(planId, admin.Id, year, null, status, ScaleJson,
            adopted ? decision : null, adopted ? paragraph : null, adopted ? caseNumber : null,
            closedAt, copied ? prev!.PlanId : null, 1, created, updated);
        History(w, created, "plan", planId, copied ? "copied" : "created", planId, null,
            $$"""{"unitId":{{admin.Id}},"year":{{year}},"status":"draft","copiedFromPlanId":{{(copied ? prev!.PlanId.ToString(Inv) : "null")}}}""");

        var count = 5 + _rng.Next(13); // 5–17 risks; the auditors' seed plans had 5 and 13
        var risks = new List<PrevRisk>(count);
        var riskIds = new List<long>(count);
        var adoptedAt = Stamp(year, 3, 1);
        var followed1 = 0;
        for (var r = 0; r < count; r++)
        {
            var riskId = ++_riskId;
            PrevRisk risk;
            long? copiedFrom = null;
            if (copied && r < prev!.Risks.Count && _rng.Next(100) < 75)
            {
                var old = prev.Risks[r];
                copiedFrom = old.Id;
                risk = old with { Id = riskId };
            }
            else
            {
                var title = Words.Title(_rng);
                var (p, c) = (1 + _rng.Next(4), 1 + _rng.Next(4));
                var score = p * c;
                var method = score <= 4 ? (_rng.Next(100) < 70 ? "none" : "bevakning")
                    : score <= 8 ? (_rng.Next(2) == 0 ? "bevakning" : "granskning")
                    : (_rng.Next(2) == 0 ? "granskning" : "atgard");
                risk = new PrevRisk(riskId, title, Words.Description(_rng, title), p, c, method,
                    Words.Categories[_rng.Next(Words.Categories.Length)], Words.Owners[_rng.Next(Words.Owners.Length)],
                    Words.Goals[_rng.Next(Words.Goals.Length)]);
            }
            var motivation = Words.Motivation(risk.Method);
            w.Risk.Run(riskId, planId, risk.Title, risk.Description, risk.P, risk.C, risk.Method, motivation,
                risk.Category, risk.Owner, risk.Goal, copiedFrom, 1, created, updated);
            riskIds.Add(riskId);
            // Adopting the plan keeps each risk's value as adopted (revision 0): the trends compare with it.
            if (adopted) w.Adoption.Run(riskId, 0, adoptedAt, risk.P, risk.C);
            History(w, created, "risk", riskId, "created", planId, riskId,
                $$"""{"title":"{{risk.Title}}","probability":{{risk.P}},"consequence":{{risk.C}},"handlingMethod":"{{risk.Method}}"}""");
            version++;

            var activities = risk.Method switch { "granskning" or "atgard" => 1 + _rng.Next(2), "bevakning" => _rng.Next(2), _ => 0 };
            for (var a = 0; a < activities; a++)
            {
                var activityId = ++_activityId;
                var activityStatus = status == "closed" ? (_rng.Next(100) < 80 ? "done" : "inProgress")
                    : status == "adopted" ? (_rng.Next(2) == 0 ? "inProgress" : "notStarted") : "notStarted";
                var description = $"{Words.Activities[_rng.Next(Words.Activities.Length)]} {Words.Subject(_rng)}";
                w.Activity.Run(activityId, riskId, description, Words.Measures[_rng.Next(Words.Measures.Length)],
                    Date(year, 4 + _rng.Next(8), 1 + _rng.Next(28)), risk.Owner, activityStatus, created, updated);
                History(w, created, "activity", activityId, "created", planId, riskId,
                    $$"""{"description":"{{description}}","status":"notStarted"}""");
                version++;
            }

            var (p1, c1) = (risk.P, risk.C);
            if (status == "closed" || (status == "adopted" && _rng.Next(100) < 70))
            {
                (p1, c1) = (Nudge(risk.P), Nudge(risk.C));
                followed1++;
                var handling = status == "closed" ? "done" : _rng.Next(3) switch { 0 => "notStarted", 1 => "inProgress", _ => "done" };
                w.FollowUp1.Run(riskId, handling, "Iakttagelser enligt plan; kontroller genomförda utan större avvikelser.",
                    _rng.Next(4) == 0 ? "Organisationsförändring under våren påverkade bemanningen." : "Inga händelser av betydelse.",
                    p1, c1, followUp1Day);
                History(w, followUp1Day, "followUp1", riskId, "recorded", planId, riskId,
                    $$"""{"handlingStatus":"{{handling}}","probability":{{p1}},"consequence":{{c1}}}""");
                version++;
            }
            if (status == "closed")
            {
                var (p2, c2) = (Nudge(p1), Nudge(c1));
                w.FollowUp2.Run(riskId, "Hanteringen genomförd enligt plan.", "Rutinen behöver förankras ytterligare i verksamheten.",
                    "Slutligt riskvärde bedömt utifrån årets kontroller och inträffade händelser.", p2, c2, followUp2Day);
                History(w, followUp2Day, "followUp2", riskId, "recorded", planId, riskId,
                    $$"""{"probability":{{p2}},"consequence":{{c2}}}""");
                version++;
                risk = risk with { P = p2, C = c2 }; // next year's copy starts from the final assessment
            }
            risks.Add(risk);
        }

        var controls = Controls(w, planId, year, status, riskIds, copied ? prev!.Controls : null, created, followUp1Day, followUp2Day);
        version += controls.Sum(c => c.Writes);
        // Each round kept once every risk has it, and the nämnd's handling of it: both rounds of a closed plan, and this
        // year's first where every risk was followed up (reported to the nämnd for one such plan in two).
        if (status == "closed" || (status == "adopted" && followed1 == count))
        {
            version += Round(w, planId, 1, followUp1Day, status == "closed" || _rng.Next(2) == 0 ? Date(year, 10, 1 + _rng.Next(28)) : null);
            if (status == "closed") version += Round(w, planId, 2, followUp2Day, Date(year + 1, 2, 1 + _rng.Next(28)));
        }
        if (adopted)
        {
            History(w, adoptedAt, "plan", planId, "adopted", planId, null,
                $$$"""{"status":"adopted","decision":{"date":"{{{decision}}}","paragraph":"{{{paragraph}}}","caseNumber":"{{{caseNumber}}}"}}""");
            version++;
        }
        if (closedAt is not null)
        {
            History(w, closedAt, "plan", planId, "closed", planId, null, """{"status":"closed"}""");
            version++;
        }
        w.PlanVersion.Run(version, planId);
        return new Made(planId, risks, controls);
    }

    /// <summary>
    /// A plan's kontrollmoment: last year's, copied with the plan (and one more in ten plans), or 0–3 of its own; about
    /// half belong to one of its risks. Each has its result in the rounds its plan was followed up in.
    /// </summary>
    private List<PrevControl> Controls(Writers w, long planId, int year, string status, List<long> riskIds, List<PrevControl>? copiedFrom,
        string created, string followUp1Day, string followUp2Day)
    {
        var planned = new List<(int Kind, int RiskIndex, long? CopiedFrom)>();
        if (copiedFrom is { Count: > 0 })
        {
            planned.AddRange(copiedFrom.Select(c => (c.Kind, c.RiskIndex, (long?)c.Id)));
            if (_rng.Next(10) == 0) planned.Add((_rng.Next(Words.ControlKinds.Length), -1, null));
        }
        else
        {
            for (var i = _rng.Next(4); i > 0; i--)
                planned.Add((_rng.Next(Words.ControlKinds.Length), _rng.Next(2) == 0 ? _rng.Next(riskIds.Count) : -1, null));
        }
        var made = new List<PrevControl>(planned.Count);
        foreach (var (kind, riskIndex, copied) in planned)
        {
            var id = ++_controlId;
            var k = Words.ControlKinds[kind];
            long? riskId = riskIndex >= 0 && riskIndex < riskIds.Count ? riskIds[riskIndex] : null;
            w.Control.Run(id, planId, riskId, k.Title, k.Method, k.Frequency, k.Scope, k.Responsible, k.ReportedTo,
                Date(year, 11, 30), copied, 1, created, created);
            History(w, created, "control", id, "created", planId, riskId,
                $$"""{"title":"{{k.Title}}","method":"{{k.Method}}","frequency":"{{k.Frequency}}"}""");
            var writes = 1;
            foreach (var (round, at) in new[] { (1, followUp1Day), (2, followUp2Day) })
            {
                if (!(status == "closed" || (round == 1 && status == "adopted" && _rng.Next(100) < 70))) continue;
                var (checkedCount, deviations) = (20 + _rng.Next(60), _rng.Next(100) < 60 ? 0 : 1 + _rng.Next(5));
                var actions = deviations == 0 ? null : "Berörda chefer har informerats och rutinen har förtydligats.";
                var result = deviations == 0 ? $"Inga avvikelser bland {checkedCount} kontrollerade." : $"{deviations} av {checkedCount} kontrollerade avvek.";
                w.ControlResult.Run(id, round, result, checkedCount, deviations, actions, at);
                History(w, at, "controlResult", id, "recorded", planId, riskId,
                    $$"""{"round":{{round}},"checked":{{checkedCount}},"deviations":{{deviations}}}""");
                writes++;
            }
            made.Add(new PrevControl(id, kind, riskId is null ? -1 : riskIndex, writes));
        }
        return made;
    }

    /// <summary>A round kept as complete on <paramref name="completedAt"/>, and reported to the nämnd on <paramref name="reportDate"/> when given. Answers the plan's writes.</summary>
    private long Round(Writers w, long planId, int round, string completedAt, string? reportDate)
    {
        if (reportDate is null)
        {
            w.Round.Run(planId, round, completedAt, null, null, null, null, null);
            return 0;
        }
        var (paragraph, caseNumber) = ($"§ {1 + _rng.Next(120)}", $"{reportDate[..4]}-POL{_rng.Next(1000000):D6}");
        var reportedAt = reportDate + "T12:00:00.000Z";
        w.Round.Run(planId, round, completedAt, reportDate, paragraph, caseNumber, 1, reportedAt);
        History(w, reportedAt, "followUp", planId, "reported", planId, null,
            $$"""{"round":{{round}},"date":"{{reportDate}}","paragraph":"{{paragraph}}","caseNumber":"{{caseNumber}}","complete":true}""");
        return 1;
    }

    private int Nudge(int value) => Math.Clamp(value + _rng.Next(5) switch { 0 => -1, 4 => 1, _ => 0 }, 1, 4);

    private void History(Writers w, string at, string entity, long entityId, string action, long? planId, long? riskId, string after) =>
        w.History.Run(++_historyId, at, BenchKeys.RegistratorId, "bench-registrator", entity, entityId, action, planId, riskId, null, after);

    private static string Stamp(int year, int month, int day) =>
        new DateTime(year, month, day, 8 + day % 9, day * 7 % 60, day * 13 % 60, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);

    private static string Date(int year, int month, int day) => new DateOnly(year, month, day).ToString("yyyy-MM-dd", Inv);

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The prepared inserts of one transaction.</summary>
    private sealed class Writers(SqliteConnection c, SqliteTransaction t) : IDisposable
    {
        public readonly Inserter Plan = new(c, t, """
            INSERT INTO plans (id, unit_id, year, title, status, scale, decision_date, decision_paragraph, decision_case_number,
                               closed_at, copied_from_plan_id, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """);
        public readonly Inserter PlanVersion = new(c, t, "UPDATE plans SET version = $1 WHERE id = $2");
        public readonly Inserter Risk = new(c, t, """
            INSERT INTO risks (id, plan_id, title, description, probability, consequence, handling_method, motivation,
                               category, owner, goal, copied_from_risk_id, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """);
        public readonly Inserter Activity = new(c, t, """
            INSERT INTO activities (id, risk_id, description, measure, due, responsible, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        public readonly Inserter FollowUp1 = new(c, t, """
            INSERT INTO follow_ups_1 (risk_id, handling_status, observations, events, probability, consequence, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """);
        public readonly Inserter FollowUp2 = new(c, t, """
            INSERT INTO follow_ups_2 (risk_id, result, improvement_areas, final_motivation, probability, consequence, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """);
        public readonly Inserter Adoption = new(c, t, "INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence) VALUES ($1, $2, $3, $4, $5)");
        public readonly Inserter Round = new(c, t, """
            INSERT INTO follow_up_rounds (plan_id, round, completed_at, report_date, report_paragraph, report_case_number, report_complete, reported_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        public readonly Inserter Control = new(c, t, """
            INSERT INTO controls (id, plan_id, risk_id, title, method, frequency, scope, responsible, reported_to, due,
                                  copied_from_control_id, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """);
        public readonly Inserter ControlResult = new(c, t, """
            INSERT INTO control_results (control_id, round, result, checked, deviations, actions, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """);
        public readonly Inserter History = new(c, t, """
            INSERT INTO history (id, at, client_id, client_name, entity, entity_id, action, plan_id, risk_id, before_json, after_json)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """);

        public void Dispose()
        {
            foreach (var i in new[] { Plan, PlanVersion, Risk, Activity, FollowUp1, FollowUp2, Adoption, Round, Control, ControlResult, History })
                i.Dispose();
        }
    }
}

/// <summary>One prepared statement, re-bound for every row.</summary>
internal sealed class Inserter : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public Inserter(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        var count = sql.Count(ch => ch == '$');
        _parameters = new SqliteParameter[count];
        for (var i = 0; i < count; i++)
            _parameters[i] = _command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(CultureInfo.InvariantCulture), null));
        _command.Prepare();
    }

    public void Run(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            _parameters[i].Value = values[i] ?? DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
