namespace RiskRegister.Api.Features.Units.List;

public sealed class Request
{
    /// <summary>Only units of this kind.</summary>
    [QueryParam] public UnitKind? Kind { get; set; }
}

public sealed class Response
{
    /// <summary>The units, by name.</summary>
    public List<UnitView> Items { get; init; } = [];
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/units");
        Roles(RiskRegister.Api.Auth.Roles.Readers);
        Summary(s =>
        {
            s.Summary = "List units";
            s.Description = "Every unit the caller may see, optionally of one kind.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // Units are few (a region has tens), so the list is not paged.
        var units = await connection.QueryAsync<UnitView>(new CommandDefinition($"""
            SELECT {UnitView.Columns} FROM units WHERE @kind IS NULL OR kind = @kind ORDER BY name, id
            """, new { kind = req.Kind?.ToApi() }, cancellationToken: ct));
        await Send.OkAsync(new Response { Items = units.ToList() }, ct);
    }
}
