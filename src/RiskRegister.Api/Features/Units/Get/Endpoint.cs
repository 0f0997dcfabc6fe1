namespace RiskRegister.Api.Features.Units.Get;

public sealed class Request
{
    /// <summary>The unit's id.</summary>
    public long Id { get; set; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, UnitView>
{
    public override void Configure()
    {
        Get("/units/{id}");
        Roles(Role.Readers);
        Summary(s =>
        {
            s.Summary = "Read a unit";
            s.Description = "Reads one unit. The `ETag` guards changes to it (`PATCH`).";
        });
        Description(d => d.Ok<UnitView>().WithETag().Problems(404), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var unit = await connection.QuerySingleOrDefaultAsync<UnitView>(new CommandDefinition(
            $"SELECT {UnitView.Columns} FROM units WHERE id = @id", new { id = req.Id }, cancellationToken: ct));
        if (unit is null) ThrowError(r => r.Id, $"No unit {req.Id}.", 404);
        ETags.Set(HttpContext, unit.Version);
        await Send.OkAsync(unit, ct);
    }
}
