using System.Text;

namespace RiskRegister.Api.Features.Events.List;

public sealed class Request
{
    /// <summary>The <c>nextCursor</c> of the previous page; leave it out (or 0) to read from the start.</summary>
    [QueryParam] public long? After { get; set; }
    /// <summary>Page size, 1–500 (default 100).</summary>
    [QueryParam] public int? Limit { get; set; }
    /// <summary>Only these event types, comma-separated (e.g. <c>risk.changed,plan.adopted</c>).</summary>
    [QueryParam] public string? Type { get; set; }
    /// <summary>Only events of this unit (a förvaltning, or a nämnd for its own creation).</summary>
    [QueryParam] public long? UnitId { get; set; }

    internal IReadOnlyList<string> Types => Type is null ? [] : Type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Limit).InclusiveBetween(1, Paging.MaxLimit).When(x => x.Limit is not null);
            RuleFor(x => x.After).GreaterThanOrEqualTo(0).When(x => x.After is not null);
            RuleFor(x => x.Type).MaximumLength(500)
                .Must(t => t!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(EventTypes.All.ContainsKey))
                .When(x => x.Type is not null)
                .WithMessage("Each type must be one of " + string.Join(", ", EventTypes.All.Keys) + ".");
        }
    }
}

public sealed class Response
{
    /// <summary>The events after <c>after</c>, oldest first.</summary>
    public List<Event> Items { get; init; } = [];
    /// <summary>Pass as <c>after</c> to read on; the same as <c>after</c> when nothing new has happened.</summary>
    public long NextCursor { get; init; }
}

public sealed class Endpoint(Db db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/events");
        Roles(Role.ReportReaders);
        Summary(s =>
        {
            s.Summary = "The feed of every change, in order, for region systems that keep in step";
            s.Description = "Every change to units, plans, risks, activities and follow-ups, oldest first, from `after` (the last page's `nextCursor`); an empty page keeps the cursor. Written in the same transaction as the change: none is lost, none reports a change that was rolled back. A registrator sees its own units' events.";
        });
        Description(d => d.Ok<Response>(), clearDefaults: true);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var after = req.After ?? 0;
        var take = req.Limit ?? Paging.DefaultLimit;
        var sql = new StringBuilder(EventReader.Select(caller.Disclosure, db)).Append(" WHERE ").Append(EventTypes.IsEvent);
        var parameters = new DynamicParameters();
        if (req.Types.Count > 0)
        {
            var pairs = new List<string>();
            var i = 0;
            foreach (var type in req.Types.Distinct())
            {
                var (entity, actions) = EventTypes.All[type];
                parameters.Add($"entity{i}", entity);
                var names = actions.Select((a, j) => { parameters.Add($"action{i}_{j}", a); return $"@action{i}_{j}"; });
                pairs.Add($"(h.entity = @entity{i} AND h.action IN ({string.Join(", ", names)}))");
                i++;
            }
            sql.Append(" AND (").Append(string.Join(" OR ", pairs)).Append(')');
        }
        var unitOf = EventReader.UnitOf(db);
        if (req.UnitId is { } unitId)
        {
            sql.Append($" AND {Units.UnitView.InSubtree(unitOf, "@unitId", db.Provider == DatabaseProvider.Postgres)}");
            parameters.Add("unitId", unitId);
        }
        if (caller.Role == Role.Registrator)
        {
            sql.Append($" AND {SqlDialect.InList(db, unitOf, "@unitIds")}");
            parameters.Add("unitIds", caller.UnitIds.ToArray());
        }
        // Read a few rows at a time from the cursor on and written as they are read (StreamedPage): a page of 500 events
        // with long texts is megabytes, and a storm of them must not hold every page whole at once.
        sql.Append(" AND h.id > @from ORDER BY h.id ").Append(Paging.Limit("@rows"));
        var command = sql.ToString();
        var page = new StreamedPage(HttpContext.Response);
        var (cursor, read) = (after, 0);
        var perRead = StreamedPage.RowsPerReadFor(take);
        while (read < take)
        {
            parameters.Add("from", cursor);
            parameters.Add("rows", Math.Min(perRead, take - read));
            var count = await page.ReadAsync(db, async connection =>
            {
                var rows = (await connection.QueryAsync<EventReader.Row>(new CommandDefinition(command, parameters, cancellationToken: ct))).AsList();
                await RiskRegister.Api.History.HistoryTexts.ExpandAsync(connection, rows, ct);
                foreach (var row in rows)
                    if (row.ToEvent(caller.Disclosure) is { } item) page.WriteItem(item);
                if (rows.Count > 0) cursor = rows[^1].Id;
                return rows.Count;
            }, ct);
            read += count;
            if (count < perRead) break;
        }
        await page.EndAsync(json => json.WriteNumber("nextCursor", cursor), ct);
    }
}
