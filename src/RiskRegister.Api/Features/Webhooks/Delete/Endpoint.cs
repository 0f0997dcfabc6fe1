namespace RiskRegister.Api.Features.Webhooks.Delete;

public sealed class Request
{
    /// <summary>The webhook's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/webhooks/{id}");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "End a webhook subscription";
            s.Description = "Ends the subscription: nothing more is delivered to it, pending deliveries included.";
        });
        Description(d => d.NoContent().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var (connection, transaction) = write;
        var before = await WebhookView.LoadAsync(connection, transaction, req.Id, ct);
        if (before is null) ThrowError(r => r.Id, $"No webhook {req.Id}.", 404);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE webhooks SET deleted_at = @now WHERE id = @id", new { id = req.Id, now = Clock.Timestamp() }, transaction, cancellationToken: ct));
        await write.CommitAsync(Caller.From(User).By("webhook", req.Id, "deleted") with { Before = before }, ct);
        await Send.NoContentAsync(ct);
    }
}
