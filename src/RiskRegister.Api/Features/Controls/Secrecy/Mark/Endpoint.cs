using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Controls.Secrecy.Mark;

/// <summary>The legal ground for keeping the control's information secret, and a note for the menprövning.</summary>
public sealed class Request
{
    /// <summary>The control's id.</summary>
    public long Id { get; set; }
    /// <summary>The legal ground under offentlighets- och sekretesslagen, e.g. "OSL 18 kap. 8 §".</summary>
    public string? Ground { get; set; }
    /// <summary>Why the ground applies, for whoever tries a request for the plan (menprövning). Never leaves a redacted control.</summary>
    public string? Note { get; set; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Ground).NotEmpty().MaximumLength(TextLimits.Short).SingleLine();
            RuleFor(x => x.Note).MaximumLength(TextLimits.Text);
        }
    }
}

/// <summary>Marks a control as holding information that may be secret, in any plan status.</summary>
[OperationId("MarkControlSecret")]
public sealed class Endpoint(Db db) : ControlSecrecyEndpoint<Request>(db)
{
    public override void Configure()
    {
        Put("/controls/{id}/secrecy");
        Roles(Role.Writers);
        Summary(s =>
        {
            s.Summary = "Mark a kontrollmoment as holding information that may be secret under offentlighets- och sekretesslagen, with its legal ground";
            s.Description = "Marks (or re-marks) the control itself with its legal ground, e.g. `OSL 18 kap. 8 §`, and an optional note, in any plan status: for a control standing alone, which has no risk to be marked with (a control of a marked risk is redacted with it already). System clients, webhooks and the public excerpt then get the control redacted: title `Sekretessmarkerat kontrollmoment`, no other text, the ground kept. Send the control's `ETag` as `If-Match`. Marking again with the same ground and note changes nothing.";
        });
        Description(d => d.Takes<Request>().Ok<ControlView>().WithETag().IfMatch().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ground = req.Ground!.Trim();
        var note = Text.OrNull(req.Note);
        await ApplyAsync(req.Id, current => SecrecyRules.Marking(current, ground, note), ct);
    }
}
