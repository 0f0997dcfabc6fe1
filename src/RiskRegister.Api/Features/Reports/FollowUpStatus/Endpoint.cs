using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.FollowUps;
using RiskRegister.Api.Features.Plans;

namespace RiskRegister.Api.Features.Reports.FollowUpStatus;

public sealed class Endpoint(Db db, TimeProvider time, IOptions<FollowUpSettings> settings, DocumentGate gate) : Endpoint<Request, Response>
{
    // One query for every plan: risks and both rounds counted in the database, not per plan, with what is kept of each
    // round (follow_up_rounds, at most one row a plan and round) in the same statement: a second statement for them was a
    // second round trip on PostgreSQL. Joined to the counted page, not inside the counting: two more joins there passed
    // PostgreSQL's join_collapse_limit (8), and its plan then read every risk before filtering by unit (ten times slower).
    // The filters are added only when given: "(@year IS NULL OR p.year = @year)" reads every plan of every year, because
    // SQLite plans a statement before it sees the values. A unit is the unit itself and every unit below it (its subtree),
    // found through uq_plans_unit_year (tested in QueryPlanTests; measured by make bench).
    // Paged by the report's own order (year, nämnd, förvaltning, plan id): the cursor is the last row's plan, and the
    // next page starts after that plan's place in the order. A registrator's units are filtered here, not after the
    // page is read, so every page is full.
    public static string Sql(bool byYear, bool byUnit, bool afterCursor = false, bool ownUnitsOnly = false, DbConnection? dialect = null, bool byPlans = false)
    {
        // Built once for each of its few forms, not for every request.
        var postgres = dialect is Npgsql.NpgsqlConnection;
        var form = (byYear ? 1 : 0) | (byUnit ? 2 : 0) | (afterCursor ? 4 : 0) | (ownUnitsOnly ? 8 : 0) | (postgres ? 16 : 0) | (byPlans ? 32 : 0);
        return Statements[form] ??= SqlTemplate.Replace("{where}", Where(byYear, byUnit, afterCursor, ownUnitsOnly, dialect, byPlans), StringComparison.Ordinal)
            .Replace("{counted}", RoundRecords.Counted, StringComparison.Ordinal).Replace("{limit}", Limit, StringComparison.Ordinal)
            .Replace("{board}", BoardOf("b"), StringComparison.Ordinal);
    }

    private static readonly string?[] Statements = new string?[64];

    /// <summary>
    /// <see cref="Sql"/> (neither a registrator's units nor a batch of plans: no list parameter) with its parameters by
    /// position for PostgreSQL: <c>$1, $2, …</c> for <c>@year</c>, <c>@unitId</c>, <c>@cursor</c> and <c>@take</c>, those
    /// present numbered in that order. Npgsql sends such a text as it is; with <c>@names</c> it parses the statement on
    /// every run to rewrite them. The database runs the same statement either way.
    /// </summary>
    internal static string PositionalSql(bool byYear, bool byUnit, bool afterCursor)
    {
        var form = (byYear ? 1 : 0) | (byUnit ? 2 : 0) | (afterCursor ? 4 : 0);
        return PositionalStatements[form] ??= Numbered();

        string Numbered()
        {
            var names = new List<string>(4);
            if (byYear) names.Add("year");
            if (byUnit) names.Add("unitId");
            if (afterCursor) names.Add("cursor");
            names.Add("take");
            return SqlDialect.Positional(Sql(byYear, byUnit, afterCursor, dialect: new Npgsql.NpgsqlConnection()), [.. names]);
        }
    }

    private static readonly string?[] PositionalStatements = new string?[8];

    /// <summary>
    /// The CSV's batch of plans on PostgreSQL (<see cref="Sql"/> with <c>byPlans</c>), its parameters by position:
    /// <c>$1</c> the plans' ids, <c>$2</c> the limit, numbered as Npgsql numbered <c>@planIds</c> and <c>@take</c>.
    /// </summary>
    internal static readonly string PositionalBatchSql =
        SqlDialect.Positional(Sql(false, false, dialect: new Npgsql.NpgsqlConnection(), byPlans: true), "planIds", "take");

    /// <summary>
    /// The plans the CSV holds, in the report's order, ids only: the whole report is then read a batch of these at a time
    /// (<see cref="Sql"/> with <c>byPlans</c>), so its first rows go out at once and memory is one batch's, however many plans.
    /// The CSV reads it a year at a time (<c>byYear</c>; the order is by year first), see <see cref="YearsSql"/>; its first
    /// <c>@take</c> plans alone first (<c>firstPage</c>: the database keeps the first few while it sorts, instead of sorting
    /// the year), then the rest after the last of them (<c>afterCursor</c>).
    /// </summary>
    public static string OrderSql(bool byYear, bool byUnit, bool ownUnitsOnly = false, DbConnection? dialect = null, bool afterCursor = false, bool firstPage = false) => $"""
        SELECT p.id FROM plans p
        JOIN units u ON u.id = p.unit_id
        LEFT JOIN units b ON b.id = u.parent_id
        {Where(byYear, byUnit, afterCursor, ownUnitsOnly, dialect, false)}
        ORDER BY p.year, COALESCE({BoardOf("b")}, ''), u.name, p.id{(firstPage ? "\n    " + Limit : "")}
        """;

    /// <summary>
    /// The nämnd above a plan's unit, as the summary names it, from <paramref name="parent"/> (the unit's parent, joined):
    /// a förvaltning's nämnd is its parent; a department's (område, enhet) is two to four levels up
    /// (<see cref="UnitTree.MaxDepth"/>), found by a subquery that runs only for such a plan. Until 6 December 2026 the
    /// status named a department's förvaltning. Not joins in the statement: three more joins in the counting query pass
    /// PostgreSQL's join_collapse_limit, and the unit's status took twice as long (bench/README, the eighth round).
    /// </summary>
    private static string BoardOf(string parent) =>
        $"CASE WHEN {parent}.kind = 'board' THEN {parent}.name WHEN {parent}.parent_id IS NULL THEN NULL ELSE " +
        "(SELECT CASE WHEN a2.kind = 'board' THEN a2.name WHEN a3.kind = 'board' THEN a3.name WHEN a4.kind = 'board' THEN a4.name END " +
        $"FROM units a2 LEFT JOIN units a3 ON a3.id = a2.parent_id LEFT JOIN units a4 ON a4.id = a3.parent_id WHERE a2.id = {parent}.parent_id) END";

    /// <summary><c>@take</c> rows at most (<see cref="Paging.Limit"/>).</summary>
    private static string Limit => Paging.Limit("@take");

    /// <summary>
    /// The years that have plans, in order, without reading every plan: the smallest year, then the smallest after it, each
    /// one look-up in ix_plans_year. The CSV over every year reads its order one of these years at a time, so its first
    /// rows wait for one year's sort, not every year's (a year without plans of the caller's units gives no rows).
    /// </summary>
    public const string YearsSql = """
        WITH RECURSIVE y(year) AS (
            SELECT MIN(year) FROM plans
            UNION ALL
            SELECT (SELECT MIN(p.year) FROM plans p WHERE p.year > y.year) FROM y WHERE y.year IS NOT NULL
        )
        SELECT year FROM y WHERE year IS NOT NULL
        """;

    /// <summary>How many plans the CSV reads and writes at a time.</summary>
    public const int CsvBatch = 500;

    /// <summary>How many plans the CSV's first batch holds: what the first byte waits for.</summary>
    public const int CsvFirstBatch = 100;

    private static string Where(bool byYear, bool byUnit, bool afterCursor, bool ownUnitsOnly, DbConnection? dialect, bool byPlans)
    {
        var conditions = new List<string>();
        if (byYear) conditions.Add("p.year = @year");
        if (byUnit) conditions.Add(Units.UnitView.InSubtree("p.unit_id", "@unitId", dialect is Npgsql.NpgsqlConnection));
        if (afterCursor)
            conditions.Add($"""
                (p.year, COALESCE({BoardOf("b")}, ''), u.name, p.id) > (SELECT cp.year, COALESCE({BoardOf("cb")}, ''), cu.name, cp.id
                    FROM plans cp JOIN units cu ON cu.id = cp.unit_id LEFT JOIN units cb ON cb.id = cu.parent_id WHERE cp.id = @cursor)
                """);
        if (ownUnitsOnly) conditions.Add(SqlDialect.InList(dialect!, "p.unit_id", "@unitIds"));
        if (byPlans) conditions.Add(SqlDialect.InList(dialect!, "p.id", "@planIds"));
        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
    }

    private const string SqlTemplate = """
        SELECT s.*,
               k1.completed_at AS Kept1CompletedAt, k1.report_date AS Kept1ReportDate, k1.report_paragraph AS Kept1ReportParagraph,
               k1.report_case_number AS Kept1ReportCaseNumber, k1.report_complete AS Kept1ReportComplete,
               k2.completed_at AS Kept2CompletedAt, k2.report_date AS Kept2ReportDate, k2.report_paragraph AS Kept2ReportParagraph,
               k2.report_case_number AS Kept2ReportCaseNumber, k2.report_complete AS Kept2ReportComplete
        FROM (
            SELECT p.id AS PlanId, p.unit_id AS UnitId, u.name AS UnitName, {board} AS BoardName, p.year AS Year, p.status AS Status,
                   p.decision_date AS DecisionDate, p.decision_paragraph AS DecisionParagraph, p.decision_case_number AS DecisionCaseNumber,
                   COUNT(r.id) AS Total, COUNT(f1.risk_id) AS Round1Done, COUNT(f2.risk_id) AS Round2Done,
                   MAX(f1.recorded_at) AS Round1RecordedAt, MAX(f2.recorded_at) AS Round2RecordedAt,
                   (SELECT COUNT(*) FROM controls c WHERE c.plan_id = p.id) AS ControlsTotal,
                   (SELECT COUNT(*) FROM controls c JOIN control_results cr ON cr.control_id = c.id AND cr.round = 1 WHERE c.plan_id = p.id) AS ControlsRound1Done,
                   (SELECT COUNT(*) FROM controls c JOIN control_results cr ON cr.control_id = c.id AND cr.round = 2 WHERE c.plan_id = p.id) AS ControlsRound2Done
            FROM plans p
            JOIN units u ON u.id = p.unit_id
            LEFT JOIN units b ON b.id = u.parent_id
            LEFT JOIN risks r ON r.plan_id = p.id AND {counted}
            LEFT JOIN follow_ups_1 f1 ON f1.risk_id = r.id
            LEFT JOIN follow_ups_2 f2 ON f2.risk_id = r.id
            {where}
            GROUP BY p.id, p.unit_id, u.name, b.name, b.kind, b.parent_id, p.year, p.status, p.decision_date, p.decision_paragraph, p.decision_case_number
            ORDER BY p.year, COALESCE({board}, ''), u.name, p.id
            {limit}
        ) s
        LEFT JOIN follow_up_rounds k1 ON k1.plan_id = s.PlanId AND k1.round = 1
        LEFT JOIN follow_up_rounds k2 ON k2.plan_id = s.PlanId AND k2.round = 2
        ORDER BY s.Year, COALESCE(s.BoardName, ''), s.UnitName, s.PlanId
        """;

    public override void Configure()
    {
        Get("/follow-up-status");
        Roles(Role.ReportReaders);
        RequestBinder(new Binder());
        Summary(s =>
        {
            s.Summary = "For auditors: per plan, the adoption decision and each follow-up round's progress, due date and lateness (JSON, CSV or a workbook)";
            s.Description = "One row per plan the caller may see: adoption decision and, for each follow-up round, risks done of total, the due date, when it was complete (`recordedAt`), the nämnd's handling (`reported`), `late` (completed or reported after the due date; stays true) and `overdue` (incomplete after the due date). `Accept: text/csv` gives the same rows for spreadsheets; `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` a workbook of them, one row per plan and round.";
        });
        Description(d => d.Ok<Response>("text/csv", Spreadsheets.WorkbookWriter.MediaType), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        await using var connection = await db.OpenAsync(ct);
        // The CSV is the whole report, for spreadsheets (one row per plan: a few hundred kilobytes for a national
        // register); JSON comes a page at a time, like every list.
        var picked = Negotiation.Pick(HttpContext.Request, Negotiation.Json, Negotiation.Csv, Spreadsheets.WorkbookWriter.MediaType);
        var workbook = picked == Spreadsheets.WorkbookWriter.MediaType;
        var csv = picked == Negotiation.Csv || workbook;
        var ownUnitsOnly = caller.Role == Role.Registrator;
        HttpContext.Response.Headers.Vary = "Accept";
        if (csv && !workbook)
        {
            await StreamCsvAsync(connection, req, caller, ownUnitsOnly, today, ct);
            return;
        }
        var take = csv ? int.MaxValue : req.Take;
        var sql = Sql(req.Year is not null, req.UnitId is not null, afterCursor: !csv && req.Cursor is not null, ownUnitsOnly, connection);
        var asked = csv ? (long)int.MaxValue : take + 1;
        List<FollowUpStatusRow> items;
        if (ownUnitsOnly)
        {
            // A registrator's units: a list parameter, expanded by Dapper on SQLite.
            using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql,
                new { year = req.Year, unitId = req.UnitId, cursor = req.Cursor, unitIds = caller.UnitIds.ToArray(), take = asked }, cancellationToken: ct));
            items = await ReadAsync(reader, settings.Value, today, ct);
        }
        else if (connection is PooledConnection sqlite)
        {
            // Every other caller on SQLite: the connection's kept statement, stepped through SQLitePCL (KeptReader).
            // Only the parameters its form holds are bound (a year, unit or cursor not asked for is not in it).
            using var reader = KeptReader.Run(sqlite, sql, ("@year", req.Year), ("@unitId", req.UnitId), ("@cursor", req.Cursor), ("@take", asked));
            items = await ReadAsync(reader, settings.Value, today, ct);
        }
        else
        {
            // Every other caller: the command made directly, its rows read by ordinal (Rows), not mapped by Dapper.
            using var command = ((DbConnection)connection).CreateCommand();
            var afterCursor = !csv && req.Cursor is not null;
            // On PostgreSQL by position (PositionalSql): the parameters unnamed, in its order.
            var positional = connection is Npgsql.NpgsqlConnection;
            command.CommandText = positional ? PositionalSql(req.Year is not null, req.UnitId is not null, afterCursor) : sql;
            if (req.Year is { } year) command.With(positional ? "" : "year", year);
            if (req.UnitId is { } unitId) command.With(positional ? "" : "unitId", unitId);
            if (afterCursor) command.With(positional ? "" : "cursor", req.Cursor);
            command.With(positional ? "" : "take", asked);
            using var reader = await command.ExecuteReaderAsync(ct);
            items = await ReadAsync(reader, settings.Value, today, ct);
        }
        var hasMore = items.Count > take;
        if (hasMore) items.RemoveAt(items.Count - 1);
        var response = new Response
        {
            Today = today,
            NextCursor = hasMore ? items[^1].PlanId : null,
            Items = items,
        };

        if (workbook)
        {
            await using var document = (await Spreadsheets.Workbooks.OfAsync(gate, [ToSheet(response)], ct))!;
            await Send.StreamAsync(document.Body, contentType: Spreadsheets.Workbooks.Headers(HttpContext.Response,
                $"follow-up-status{(req.Year is { } year ? "-" + year : "")}.xlsx"), cancellation: ct);
            return;
        }
        // A page of the default size or less goes out with the answer's end, in one write (JsonAnswer); a larger one is
        // flushed as it is written, so what one answer holds in memory stays bounded.
        if (response.Items.Count <= Paging.DefaultLimit) JsonAnswer.Ok(HttpContext, response, StatusJson.Write);
        else await Send.OkAsync(response, ct);
    }

    /// <summary>The rows of <see cref="Sql"/>, judged.</summary>
    private static async Task<List<FollowUpStatusRow>> ReadAsync(DbDataReader reader, FollowUpSettings due, DateOnly today, CancellationToken ct)
    {
        var items = new List<FollowUpStatusRow>();
        while (await reader.ReadAsync(ct)) items.Add(Item(reader, due, today));
        return items;
    }

    /// <summary>
    /// One row of <see cref="Sql"/>, judged: read by ordinal, in the order its columns are selected (<see cref="Columns"/>;
    /// the names are checked against them once).
    /// </summary>
    private static FollowUpStatusRow Item(DbDataReader r, FollowUpSettings due, DateOnly today)
    {
        if (!columnsChecked) CheckColumns(r);
        var planId = r.GetInt64(0);
        var year = r.Int32Of(4);
        var total = r.Int32Of(9);
        var controlsTotal = r.Int32Of(14);
        return new()
        {
            PlanId = planId, UnitId = r.GetInt64(1), UnitName = r.GetString(2), BoardName = r.StringOrNull(3), Year = year,
            Status = r.EnumOf<PlanStatus>(5),
            Decision = r.IsDBNull(6) ? null
                : new Decision { Date = DateOnlyHandler.Read(r, 6), Paragraph = r.StringOrNull(7) ?? "", CaseNumber = r.StringOrNull(8) ?? "" },
            Round1 = RoundRecords.Judge(r.Int32Of(10), total, due.Round1For(year), r.StringOrNull(12), Kept(r, planId, 1, 17), today,
                (r.Int32Of(15), controlsTotal)),
            Round2 = RoundRecords.Judge(r.Int32Of(11), total, due.Round2For(year), r.StringOrNull(13), Kept(r, planId, 2, 22), today,
                (r.Int32Of(16), controlsTotal)),
        };
    }

    // What is kept of a round (all nulls when nothing is kept: judged as no row), from its five columns at `at`.
    private static RoundRecords.Row Kept(DbDataReader r, long planId, int round, int at) => new()
    {
        PlanId = planId, Round = round, CompletedAt = r.StringOrNull(at), ReportDate = r.IsDBNull(at + 1) ? null : DateOnlyHandler.Read(r, at + 1),
        ReportParagraph = r.StringOrNull(at + 2), ReportCaseNumber = r.StringOrNull(at + 3), ReportComplete = r.Int64OrNull(at + 4),
    };

    /// <summary>The columns of <see cref="Sql"/>, in order, as <see cref="Item"/> reads them.</summary>
    internal static readonly string[] Columns =
    [
        "PlanId", "UnitId", "UnitName", "BoardName", "Year", "Status", "DecisionDate", "DecisionParagraph", "DecisionCaseNumber",
        "Total", "Round1Done", "Round2Done", "Round1RecordedAt", "Round2RecordedAt", "ControlsTotal", "ControlsRound1Done", "ControlsRound2Done",
        "Kept1CompletedAt", "Kept1ReportDate", "Kept1ReportParagraph", "Kept1ReportCaseNumber", "Kept1ReportComplete",
        "Kept2CompletedAt", "Kept2ReportDate", "Kept2ReportParagraph", "Kept2ReportCaseNumber", "Kept2ReportComplete",
    ];

    private static volatile bool columnsChecked;

    private static void CheckColumns(DbDataReader r)
    {
        // PostgreSQL folds the unquoted aliases to lower case.
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        if (!names.SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException($"The follow-up status statement's columns are {string.Join(", ", names)}, not those Item reads.");
        columnsChecked = true;
    }

    /// <summary>
    /// The whole report as CSV, written as it is read: the plans' order a year at a time (ids only, <see cref="OrderSql"/>;
    /// every year's in turn when no year is asked for, <see cref="YearsSql"/>), then <see cref="CsvBatch"/> plans at a time
    /// (one statement each, the kept round records joined), each batch judged and written before the next is read. The
    /// answer starts after the report's first <see cref="CsvFirstBatch"/> plans, read and written before the rest of their
    /// year is ordered, not after every year's order or the last batch, and holds one year's ids and one batch in memory.
    /// The years, their orders and every batch are read in one snapshot, so the rows are as one statement would have read
    /// them; nothing is sent before the first batch is read, so a failure until then is still a problem answer.
    /// </summary>
    private async Task StreamCsvAsync(DbConnection connection, Request req, Caller caller, bool ownUnitsOnly, DateOnly today, CancellationToken ct)
    {
        await using var snapshot = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? (DbTransaction)sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        IReadOnlyList<int> years = req.Year is { } only
            ? [only]
            : (await connection.QueryAsync<int>(new CommandDefinition(YearsSql, transaction: snapshot, cancellationToken: ct))).AsList();
        var orderSql = OrderSql(byYear: true, req.UnitId is not null, ownUnitsOnly, connection);
        var firstPageSql = OrderSql(byYear: true, req.UnitId is not null, ownUnitsOnly, connection, firstPage: true);
        var restSql = OrderSql(byYear: true, req.UnitId is not null, ownUnitsOnly, connection, afterCursor: true);
        var unitIds = caller.UnitIds.ToArray();
        var batchSql = Sql(false, false, dialect: connection, byPlans: true);
        var due = settings.Value;

        var response = HttpContext.Response;
        response.Headers.ContentDisposition = $"attachment; filename=\"follow-up-status{(req.Year is { } y ? "-" + y : "")}.csv\"";
        Negotiation.SetDocumentHeaders(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8; header=present";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var csv = CsvHeader(new StringBuilder(256 + CsvBatch * 200));
        var first = true;
        foreach (var year in years)
        {
            List<long> order;
            if (first)
            {
                // The report's first plans alone, written before the rest of their year is sorted.
                var page = (await connection.QueryAsync<long>(new CommandDefinition(firstPageSql,
                    new { year, unitId = req.UnitId, unitIds, take = (long)CsvFirstBatch }, snapshot, cancellationToken: ct))).AsList();
                await WriteAsync(page);
                if (page.Count == 0) continue;
                first = false;
                if (page.Count < CsvFirstBatch) continue;
                order = (await connection.QueryAsync<long>(new CommandDefinition(restSql,
                    new { year, unitId = req.UnitId, unitIds, cursor = page[^1] }, snapshot, cancellationToken: ct))).AsList();
            }
            else
            {
                order = (await connection.QueryAsync<long>(new CommandDefinition(orderSql,
                    new { year, unitId = req.UnitId, unitIds }, snapshot, cancellationToken: ct))).AsList();
            }
            if (connection is Npgsql.NpgsqlConnection postgres) await WriteAllAsync(postgres, order);
            else
                for (var start = 0; start < order.Count; start += CsvBatch)
                    await WriteAsync(order.GetRange(start, Math.Min(CsvBatch, order.Count - start)));
        }
        if (csv.Length > 0) await writer.WriteAsync(csv, ct);   // no plans: the header alone

        // PostgreSQL: the rest of a year's batches sent together, one statement each (PositionalBatchSql), and read and
        // written one after the other as the database answers them: one round trip for the year instead of one a batch,
        // the database working on the next batch while this one is written. Each batch is written and flushed as before.
        async Task WriteAllAsync(Npgsql.NpgsqlConnection postgres, List<long> plans)
        {
            if (plans.Count == 0) return;
            await using var batch = postgres.CreateBatch();
            for (var start = 0; start < plans.Count; start += CsvBatch)
            {
                var statement = new Npgsql.NpgsqlBatchCommand(PositionalBatchSql);
                statement.Parameters.Add(new Npgsql.NpgsqlParameter<long[]>
                {
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint,
                    TypedValue = plans.GetRange(start, Math.Min(CsvBatch, plans.Count - start)).ToArray(),
                });
                statement.Parameters.Add(new Npgsql.NpgsqlParameter<long> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, TypedValue = int.MaxValue });
                batch.BatchCommands.Add(statement);
            }
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do
            {
                while (await reader.ReadAsync(ct)) CsvRow(csv, Item(reader, due, today));
                await writer.WriteAsync(csv, ct);
                await writer.FlushAsync(ct);
                csv.Clear();
            }
            while (await reader.NextResultAsync(ct));
        }

        async Task WriteAsync(List<long> plans)
        {
            if (plans.Count == 0) return;
            using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(batchSql,
                new { planIds = plans.ToArray(), take = (long)int.MaxValue }, snapshot, cancellationToken: ct)))
                while (await reader.ReadAsync(ct)) CsvRow(csv, Item(reader, due, today));
            await writer.WriteAsync(csv, ct);
            await writer.FlushAsync(ct);
            csv.Clear();
        }
    }

    private static StringBuilder CsvHeader(StringBuilder csv) =>
        csv.Append(Csv.SeparatorLine).Row("planId", "unitId", "unitName", "boardName", "year", "status", "decisionDate", "decisionParagraph", "decisionCaseNumber",
            "round1Done", "round1Total", "round1Due", "round1RecordedAt", "round1ReportedDate", "round1ReportedParagraph", "round1ReportedCaseNumber",
            "round1ReportedComplete", "round1Late", "round1Overdue",
            "round2Done", "round2Total", "round2Due", "round2RecordedAt", "round2ReportedDate", "round2ReportedParagraph", "round2ReportedCaseNumber",
            "round2ReportedComplete", "round2Late", "round2Overdue",
            "round1ControlsDone", "round1ControlsTotal", "round2ControlsDone", "round2ControlsTotal");

    private static void CsvRow(StringBuilder csv, FollowUpStatusRow r)
    {
        static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        static string B(bool b) => b ? "true" : "false";
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        csv.Row(r.PlanId.ToString(CultureInfo.InvariantCulture), r.UnitId.ToString(CultureInfo.InvariantCulture), r.UnitName, r.BoardName,
                N(r.Year), r.Status.ToApi(), D(r.Decision?.Date), r.Decision?.Paragraph, r.Decision?.CaseNumber,
                N(r.Round1.Done), N(r.Round1.Total), D(r.Round1.Due), r.Round1.RecordedAt, D(r.Round1.Reported?.Date), r.Round1.Reported?.Paragraph,
                r.Round1.Reported?.CaseNumber, r.Round1.Reported is { } r1 ? B(r1.Complete) : "", B(r.Round1.Late), B(r.Round1.Overdue),
                N(r.Round2.Done), N(r.Round2.Total), D(r.Round2.Due), r.Round2.RecordedAt, D(r.Round2.Reported?.Date), r.Round2.Reported?.Paragraph,
                r.Round2.Reported?.CaseNumber, r.Round2.Reported is { } r2 ? B(r2.Complete) : "", B(r.Round2.Late), B(r.Round2.Overdue),
                N(r.Round1.Controls.Done), N(r.Round1.Controls.Total), N(r.Round2.Controls.Done), N(r.Round2.Controls.Total));
    }

    /// <summary>The workbook's one sheet: a row per plan and round, with the lateness columns.</summary>
    internal static Spreadsheets.SheetContent ToSheet(Response response) => new("Uppföljningsstatus",
        ["Plan-id", "Förvaltning-id", "Förvaltning", "Nämnd", "År", "Status", "Beslutsdatum", "Paragraf", "Diarienummer",
         "Uppföljning", "Klara", "Risker", "Senast", "Försenad", "Kontrollmoment klara", "Kontrollmoment"],
        response.Items.SelectMany(r => new[] { (Round: 1, Status: r.Round1), (Round: 2, Status: r.Round2) }.Select(round => new object?[]
        {
            r.PlanId, r.UnitId, r.UnitName, r.BoardName, r.Year, r.Status.ToApi(), r.Decision?.Date, r.Decision?.Paragraph, r.Decision?.CaseNumber,
            round.Round, round.Status.Done, round.Status.Total, round.Status.Due, round.Status.Overdue ? "ja" : "nej",
            round.Status.Controls.Done, round.Status.Controls.Total,
        })).ToList());
}
