using System.Globalization;
using Microsoft.Extensions.Options;
using RiskRegister.Api.Features.Events;

namespace RiskRegister.Api.Features.Webhooks.Create;

public sealed class Request
{
    /// <summary>Where to POST the events: <c>http(s)</c>, on a host <c>Webhooks:AllowedHosts</c> allows.</summary>
    public string? Url { get; set; }
    /// <summary>Only these event types (absent: all).</summary>
    [OneOf(typeof(Events.EventTypes), nameof(Events.EventTypes.All), Name = "EventType")] public List<string>? Types { get; set; }
    /// <summary>Only these units' events (absent: all).</summary>
    public List<long>? UnitIds { get; set; }
    /// <summary>What the subscription is for.</summary>
    public string? Description { get; set; }
    /// <summary>
    /// How many events one POST may carry, 1–100 (absent: 1). 1 sends each event alone, as the Standard Webhooks
    /// specification has it; more sends <c>{"events": [...]}</c>: the events already waiting for this webhook, up to this
    /// many, in cursor order (never held back to fill a batch). <c>webhook-id</c> then names the batch by its first and
    /// last event (<c>evt_120-evt_131</c>); de-duplicate on each event's own <c>id</c>.
    /// </summary>
    public int? MaxEventsPerDelivery { get; set; }

    /// <summary>The most events one POST may carry.</summary>
    internal const int MaxEvents = 100;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Url).NotEmpty().MaximumLength(2000).SingleLine();
            RuleForEach(x => x.Types).Must(EventTypes.All.ContainsKey).WithMessage("Each type must be one of " + string.Join(", ", EventTypes.All.Keys) + ".");
            RuleFor(x => x.Types).MaxItems(50);
            RuleFor(x => x.UnitIds).MaxItems(500);
            RuleFor(x => x.Description).MaximumLength(500).SingleLine();
            RuleFor(x => x.MaxEventsPerDelivery).InclusiveBetween(1, MaxEvents).When(x => x.MaxEventsPerDelivery is not null);
        }
    }
}

public sealed class Endpoint(Db db, IOptions<WebhookSettings> settings) : Endpoint<Request, CreatedWebhook>
{
    public override void Configure()
    {
        Post("/webhooks");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Subscribe a region system to the events; the signing secret is in the response, once";
            s.Description = "Creates a webhook: every event from now on (of the given types and units) is POSTed to `url`, signed per the Standard Webhooks specification with `secret`, shown this once. The host must be allowed by `Webhooks:AllowedHosts`.\n\n"
                + "Each POST carries one event (an `Event`, as `GET /api/v1/events` lists them) with `webhook-id` the event's `id`, one at a time in cursor order. "
                + "With `maxEventsPerDelivery` above 1 (opt-in, up to 100) each POST carries a batch instead, `{\"events\": [Event, …]}`: 1 to `maxEventsPerDelivery` of the webhook's waiting events, consecutive in cursor order; "
                + "a batch takes only what is already waiting, it never waits to fill. `webhook-timestamp` and `webhook-signature` are as for one event, over the batch's body; "
                + "`webhook-id` names the batch by its first and last event (`evt_120-evt_131`), so a retry carrying the same events has the same id. "
                + "A `2xx` delivers every event of the batch; anything else retries them all (a retry may carry more events, queued since, under another id). "
                + "Delivery is at least once: de-duplicate on each event's `id`.";
        });
        Description(d => d.Takes<Request>().Created<CreatedWebhook>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var hosts = settings.Value.Hosts();
        if (!Uri.TryCreate(req.Url!.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.UserInfo))
            ThrowError(r => r.Url!, "The url must be an absolute http or https address, without user name or password.", 400);
        if (hosts.IsEmpty)
            ThrowError(r => r.Url!, "No webhook can be created: Webhooks:AllowedHosts is empty.", 400);
        if (!hosts.Allows(url.IdnHost))
            ThrowError(r => r.Url!, $"The host {url.IdnHost} is not in Webhooks:AllowedHosts.", 400);
        if (!hosts.AllowsPort(url.IdnHost, url.Port))
            ThrowError(r => r.Url!, $"The port {url.Port} is not in Webhooks:AllowedPorts ({hosts.PortsText}); add it there, or write the host's entry in Webhooks:AllowedHosts as host:{url.Port}.", 400);
        if (await Unreachable(hosts, url.IdnHost, ct) is { } reason)
            ThrowError(r => r.Url!, reason, 400);

        var secret = WebhookSignature.NewSecret();
        var now = Clock.Timestamp();
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var row = await connection.QuerySingleAsync<WebhookView.Row>(new CommandDefinition($"""
            INSERT INTO webhooks (url, types, unit_ids, description, secret, cursor, created_at, max_events_per_delivery)
            VALUES (@url, @types, @unitIds, @description, @secret, (SELECT COALESCE(MAX(id), 0) FROM history), @now, @maxEvents)
            RETURNING {WebhookView.Columns}
            """, new
        {
            url = url.AbsoluteUri, types = req.Types is { Count: > 0 } t ? string.Join(',', t.Distinct()) : null,
            unitIds = req.UnitIds is { Count: > 0 } u ? string.Join(',', u.Distinct().Select(i => i.ToString(CultureInfo.InvariantCulture))) : null,
            description = Text.OrNull(req.Description), secret, now, maxEvents = req.MaxEventsPerDelivery ?? 1,
        }, transaction, cancellationToken: ct));
        var view = row.ToView();
        // The history records the subscription, never its secret.
        await write.CommitAsync(Caller.From(User).By("webhook", view.Id, "created") with { After = view }, ct);
        await Send.CreatedAtAsync<Get.Endpoint>(new { id = view.Id }, new CreatedWebhook
        {
            Id = view.Id, Url = view.Url, Types = view.Types, UnitIds = view.UnitIds, Description = view.Description, CreatedAt = view.CreatedAt,
            MaxEventsPerDelivery = view.MaxEventsPerDelivery, Secret = secret,
        }, cancellation: ct);
    }

    /// <summary>
    /// A name every delivery would refuse (one that resolves only into loopback, a private network or this host's own
    /// addresses, outside the allowed ranges — <c>localhost</c> above all) is refused now, with the reason, rather than
    /// accepted and then failed at every delivery. A name that does not resolve now is accepted: its DNS may come later.
    /// </summary>
    private static async Task<string?> Unreachable(WebhookHosts hosts, string host, CancellationToken ct)
    {
        if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _)) return null;   // a literal address is in a range, checked above
        System.Net.IPAddress[] addresses;
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(TimeSpan.FromSeconds(2));
            addresses = await System.Net.Dns.GetHostAddressesAsync(host, budget.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
        if (addresses.Length == 0 || addresses.Any(hosts.MayConnect)) return null;
        var listed = string.Join(", ", addresses.Select(a => a.ToString()));
        return $"The host {host} resolves to {listed}, which deliveries may reach only when an address range in Webhooks:AllowedHosts names it "
            + $"(for a receiver on this machine: 127.0.0.1/32, and the URL http://127.0.0.1:<port>/…).";
    }
}
