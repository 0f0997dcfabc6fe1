using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Plans;
using RiskRegister.Api.Features.Reports.FollowUpStatus;

namespace RiskRegister.Api.Features.FollowUps.RecordFollowUpReport;

/// <summary>The nämnd's handling of a follow-up round: its decision (date, paragraph, case number).</summary>
public sealed class Request
{
    /// <summary>The plan's id.</summary>
    public long Id { get; set; }
    /// <summary>The round: 1 or 2.</summary>
    [OneOf(1, 2, Name = "FollowUpRound")] public int Round { get; set; }
    /// <summary>Date of the nämnd's meeting (YYYY-MM-DD).</summary>
    public DateOnly? Date { get; set; }
    /// <summary>Paragraph in the minutes, e.g. "§ 29".</summary>
    public string? Paragraph { get; set; }
    /// <summary>Case number (diarienummer).</summary>
    public string? CaseNumber { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Round).InclusiveBetween(1, 2).WithMessage("The round is 1 (uppföljning 1) or 2 (uppföljning 2).");
            RuleFor(x => x.Date).NotNull();
            RuleFor(x => x.Paragraph).NotEmpty().MaximumLength(50);
            RuleFor(x => x.CaseNumber).NotEmpty().MaximumLength(100);
        }
    }
}

public sealed class Endpoint(Db db, AdoptionPolicy adoption, TimeProvider time, IOptions<FollowUpSettings> followUps) : Endpoint<Request, RoundStatus>
{
    public override void Configure()
    {
        Put("/plans/{id}/follow-ups/{round}/report");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Record the nämnd's handling of a follow-up round (also of an unfinished one: complete false); answers the round's status";
            s.Description = "Records the nämnd's decision taking note of uppföljning 1 or 2 of an adopted plan (date, paragraph, case number). A round not yet complete may be reported (\"ej klar\"): it is recorded with `complete: false`. Sending it again corrects it. Answers the round's status: a report after the due date makes the round `late`, for good.";
        });
        Description(d => d.Takes<Request>().Ok<RoundStatus>().WithETag().IfMatch().Problems(404, 409), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var header = await PlanHeader.LoadVisibleAsync(connection, transaction, req.Id, caller, ct);
        if (header is null) ThrowError(r => r.Id, $"No plan {req.Id}.", 404);
        if (!ETags.IfMatchAllows(HttpContext, header.Version))
            ThrowError(r => r.Id, "The plan has changed since you read it.", 412);
        if (header.Status == PlanStatus.Draft)
            ThrowError(r => r.Id, $"Plan {header.Id} is a draft: its follow-ups are reported to the nämnd once it is adopted.", 409);

        var days = new RoundDays(followUps.Value, DateOnly.FromDateTime(time.GetLocalNow().DateTime));
        var before = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, days, ct))!;
        var round = req.Round == 1 ? before.Round1! : before.Round2!;
        var report = new RoundReportView
        {
            Date = req.Date!.Value, Paragraph = req.Paragraph!.Trim(), CaseNumber = req.CaseNumber!.Trim(), Complete = FollowUpRounds.Complete(round.Done, round.Total),
        };
        if (round.Reported is { } same && same.Date == report.Date && same.Paragraph == report.Paragraph && same.CaseNumber == report.CaseNumber && same.Complete == report.Complete)
        {
            // The same decision sent again: nothing recorded, the plan's ETag stays.
            await write.DisposeAsync();
            ETags.Set(HttpContext, header.Version);
            await Send.OkAsync(round, ct);
            return;
        }

        var now = Clock.Timestamp();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO follow_up_rounds (plan_id, round, report_date, report_paragraph, report_case_number, report_complete, reported_at)
            VALUES (@planId, @round, @date, @paragraph, @caseNumber, @complete, @now)
            ON CONFLICT (plan_id, round) DO UPDATE SET
                report_date = excluded.report_date, report_paragraph = excluded.report_paragraph, report_case_number = excluded.report_case_number,
                report_complete = excluded.report_complete, reported_at = excluded.reported_at
            """, new { planId = header.Id, round = req.Round, date = report.Date, paragraph = report.Paragraph, caseNumber = report.CaseNumber, complete = report.Complete ? 1 : 0, now },
            transaction, cancellationToken: ct));
        await write.TouchAsync(header, now, ct);
        var after = (await PlanView.LoadAsync(connection, transaction, header.Id, adoption, Disclosure.Full, days, ct))!;
        var status = req.Round == 1 ? after.Round1! : after.Round2!;
        var version = await write.CommitAsync(caller.By("followUp", header.Id, "reported") with
        {
            PlanId = header.Id,
            Before = round.Reported is { } previous ? new { round = req.Round, reported = previous } : null,
            After = new { round = req.Round, reported = status.Reported, status.Late },
        }, ct);
        ETags.Set(HttpContext, version);
        await Send.OkAsync(status, ct);
    }
}
