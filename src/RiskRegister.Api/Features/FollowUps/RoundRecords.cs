using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Api.Features.FollowUps;

/// <summary>
/// What the register keeps of each plan's follow-up rounds besides the risks' own records (<c>follow_up_rounds</c>): when
/// the round was first complete — kept, so that a round done late stays late — and the nämnd's handling of it.
/// </summary>
public static class RoundRecords
{
    /// <summary>
    /// The risks a round counts, as SQL on <c>risks r</c>: those adopted (a risk an open revision added has no adopted
    /// value to follow up yet; its plan's rounds count it once the revision is adopted).
    /// </summary>
    public const string Counted = "(r.added_in_revision IS NULL OR EXISTS (SELECT 1 FROM risk_adoptions ra WHERE ra.risk_id = r.id))";

    /// <summary>
    /// After a round is recorded for a risk: when every counted risk of the plan now has it, keeps (once) that the round
    /// was complete now. Parameters <c>@planId</c>, <c>@round</c>, <c>@now</c>; sent after the round's own write, in the
    /// same command (one round trip).
    /// </summary>
    public static string NoteCompletionSql(int round) => round == 1 ? NoteCompletion1 : NoteCompletion2;

    private static readonly string NoteCompletion1 = NoteCompletionOf(1), NoteCompletion2 = NoteCompletionOf(2);

    private static string NoteCompletionOf(int round) => $"""
        INSERT INTO follow_up_rounds (plan_id, round, completed_at)
        SELECT @planId, @round, @now
        WHERE (SELECT COUNT(*) FROM risks r WHERE r.plan_id = @planId AND {Counted})
            = (SELECT COUNT(*) FROM follow_ups_{round} f JOIN risks r ON r.id = f.risk_id WHERE r.plan_id = @planId AND {Counted})
        ON CONFLICT (plan_id, round) DO UPDATE SET completed_at = COALESCE(follow_up_rounds.completed_at, excluded.completed_at)
        """;

    /// <summary>The kept rows of one plan's rounds (parameter <c>@id</c>), as <see cref="Row"/>: for a batch with other statements of the plan.</summary>
    public const string OfPlanSql = """
        SELECT plan_id AS PlanId, round AS Round, completed_at AS CompletedAt, report_date AS ReportDate, report_paragraph AS ReportParagraph,
               report_case_number AS ReportCaseNumber, report_complete AS ReportComplete
        FROM follow_up_rounds WHERE plan_id = @id;
        """;

    /// <summary>A round of a plan judged on <paramref name="asOf"/>, from its counts and what is kept of it.</summary>
    public static RoundStatus Judge(int done, int total, DateOnly due, string? lastRecordedAt, Row? kept, DateOnly asOf, (int Done, int Total) controls = default) =>
        RoundStatus.Of(State(done, total, due, lastRecordedAt, kept, asOf), asOf, controls);

    /// <summary>The round's state as <see cref="FollowUpRounds.Judge"/> gives it, from its counts and what is kept of it.</summary>
    public static RoundState State(int done, int total, DateOnly due, string? lastRecordedAt, Row? kept, DateOnly asOf) =>
        FollowUpRounds.Judge(done, total, due, kept?.CompletedAt, lastRecordedAt, kept?.Report, asOf);

    public sealed class Row
    {
        public long PlanId { get; init; }
        public long Round { get; init; }
        public string? CompletedAt { get; init; }
        public DateOnly? ReportDate { get; init; }
        public string? ReportParagraph { get; init; }
        public string? ReportCaseNumber { get; init; }
        public long? ReportComplete { get; init; }

        /// <summary>
        /// The rows of <see cref="OfPlanSql"/>, the reader at its result, by ordinal in either database (so also through
        /// SQLite's kept statements, which Dapper's parser does not read).
        /// </summary>
        internal static async Task<List<Row>> ReadAllAsync(System.Data.Common.DbDataReader r, CancellationToken ct)
        {
            var rows = new List<Row>(2);
            while (await r.ReadAsync(ct))
                rows.Add(new Row
                {
                    PlanId = r.GetInt64(0), Round = r.GetInt64(1), CompletedAt = r.StringOrNull(2), ReportDate = r.IsDBNull(3) ? null : DateOnlyHandler.Read(r, 3),
                    ReportParagraph = r.StringOrNull(4), ReportCaseNumber = r.StringOrNull(5), ReportComplete = r.Int64OrNull(6),
                });
            return rows;
        }

        public RoundReport? Report => ReportDate is { } date ? new RoundReport(date, ReportParagraph ?? "", ReportCaseNumber ?? "", ReportComplete == 1) : null;
    }
}

/// <summary>The due dates of the rounds (configuration <c>FollowUps</c>) and the day a round's lateness is judged on.</summary>
public sealed record RoundDays(FollowUpSettings Settings, DateOnly AsOf);
