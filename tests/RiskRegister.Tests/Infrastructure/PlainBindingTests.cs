using FastEndpoints;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using RiskRegister.Api.Infrastructure;
using Status = RiskRegister.Api.Features.Reports.FollowUpStatus;
using RiskGet = RiskRegister.Api.Features.Risks.Get;

namespace RiskRegister.Tests.Infrastructure;

/// <summary>
/// The hottest reads bind their plain requests themselves (read-risk's id, the follow-up status's query) and decide their
/// plain valid values without FluentValidation's rules: the same request as FastEndpoints' binder, the same verdict as the
/// rules, and every other form left to them.
/// </summary>
public sealed class PlainBindingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private DefaultHttpContext Context(string query, string? id = null)
    {
        var context = new DefaultHttpContext { RequestServices = api.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        if (id is not null) context.Request.RouteValues["id"] = id;
        return context;
    }

    private static async Task<(T Request, List<ValidationFailure> Failures)> Bind<T>(IRequestBinder<T> binder, HttpContext context) where T : notnull
    {
        var failures = new List<ValidationFailure>();
        try { return (await binder.BindAsync(new BinderContext(context, failures, null!, false, new List<string>()), CancellationToken.None), failures); }
        catch (ValidationFailureException) { return (default!, failures); }
    }

    public static readonly string[] PlainQueries =
    [
        "", "?year=2026", "?unitId=14", "?year=2026&unitId=14", "?limit=1", "?limit=500", "?cursor=0", "?year=2026&unitId=14&limit=3&cursor=230",
        "?cursor=123456789012345678", "?year=999999999", "?unitId=014", "?limit=0",
    ];

    public static readonly string[] OtherQueries =
    [
        "?year=abc", "?year=", "?unitId=", "?year=2026&year=2025", "?YEAR=2026", "?Year=2026&UnitId=14", "?unitid=14", "?year=%2B2026",
        "?year=%202026", "?year=2026.0", "?year=%D9%A2%D9%A0%D9%A2%D9%A6", "?unitId=99999999999999999999", "?year=9999999999", "?unitId=-3",
        "?cursor=1234567890123456789", "?year=2026&foo=bar", "?year", "?year=0x7EA",
    ];

    [Fact]
    public async Task The_status_binder_takes_plain_queries_as_FastEndpoints_binds_them_and_leaves_the_rest_to_it()
    {
        using var _ = api.Admin();   // the host started: FastEndpoints' binding configured
        foreach (var query in PlainQueries)
        {
            var plain = Status.Binder.Plain(Context(query).Request.Query);
            plain.ShouldNotBeNull(query);
            var (bound, failures) = await Bind(new RequestBinder<Status.Request>(), Context(query));
            failures.ShouldBeEmpty(query);
            (plain.Year, plain.UnitId, plain.Limit, plain.Cursor).ShouldBe((bound.Year, bound.UnitId, bound.Limit, bound.Cursor), query);
            var (taken, _) = await Bind(new Status.Binder(), Context(query));
            (taken.Year, taken.UnitId, taken.Limit, taken.Cursor).ShouldBe((bound.Year, bound.UnitId, bound.Limit, bound.Cursor), query);
        }
        foreach (var query in OtherQueries)
        {
            Status.Binder.Plain(Context(query).Request.Query).ShouldBeNull(query);
            var (theirs, theirFailures) = await Bind(new RequestBinder<Status.Request>(), Context(query));
            var (ours, ourFailures) = await Bind(new Status.Binder(), Context(query));
            ourFailures.Select(f => (f.PropertyName, f.ErrorMessage)).ShouldBe(theirFailures.Select(f => (f.PropertyName, f.ErrorMessage)), query);
            (ours?.Year, ours?.UnitId, ours?.Limit, ours?.Cursor).ShouldBe((theirs?.Year, theirs?.UnitId, theirs?.Limit, theirs?.Cursor), query);
        }
    }

    [Fact]
    public void The_status_query_read_from_its_text_is_the_query_its_collection_gives_or_left_to_the_collection()
    {
        // Binder.Plain(QueryString) reads the query's text without ASP.NET's collection: it must take every plain query,
        // take each as the collection's Plain does, and take nothing the collection's Plain leaves to FastEndpoints.
        var odd = new[]
        {
            "?", "?&", "?year=2026&", "?&year=2026", "?year=2026&&unitId=14", "?year=2026&year=2026", "?=5", "?year==5", "?year=20%326",
            "?year%3D2026", "?ye%61r=2026", "?year=2026&Year=2025", "?year+=2026", "?year=+2026", "?unitId=14&limit=3&cursor=2&year=2026",
            "?limit=1&limit=1", "?cursor=5&unitId=1", "?year=2026#x", "?a", "?year=2026&unitId=14&limit=3&cursor=230&year=2",
        };
        foreach (var query in PlainQueries.Concat(OtherQueries).Concat(odd))
        {
            var fromText = Status.Binder.Plain(new QueryString(query));
            var fromCollection = Status.Binder.Plain(Context(query).Request.Query);
            if (fromText is null) continue;
            fromCollection.ShouldNotBeNull(query);
            (fromText.Year, fromText.UnitId, fromText.Limit, fromText.Cursor).ShouldBe((fromCollection.Year, fromCollection.UnitId, fromCollection.Limit, fromCollection.Cursor), query);
        }
        foreach (var query in PlainQueries) Status.Binder.Plain(new QueryString(query)).ShouldNotBeNull(query);
        foreach (var query in OtherQueries) Status.Binder.Plain(new QueryString(query)).ShouldBeNull(query);
        Status.Binder.Plain(new QueryString("?unitId=14&year=2026")).ShouldNotBeNull().UnitId.ShouldBe(14);
    }

    [Fact]
    public async Task The_risk_binder_takes_a_plain_id_as_FastEndpoints_binds_it_and_leaves_the_rest_to_it()
    {
        using var _ = api.Admin();
        foreach (var (id, query) in new[] { ("17", ""), ("0", ""), ("05", ""), ("123456789012345678", ""), ("-1", ""), ("abc", ""), ("+5", ""),
                     (" 7", ""), ("7.0", ""), ("1234567890123456789", ""), ("99999999999999999999", ""), ("17", "?id=18"), ("", "") })
        {
            var (theirs, theirFailures) = await Bind(new RequestBinder<RiskGet.Request>(), Context(query, id));
            var (ours, ourFailures) = await Bind(new RiskGet.Binder(), Context(query, id));
            ourFailures.Select(f => (f.PropertyName, f.ErrorMessage)).ShouldBe(theirFailures.Select(f => (f.PropertyName, f.ErrorMessage)), id + query);
            ours?.Id.ShouldBe(theirs?.Id ?? 0, id + query);
        }
    }

    [Fact]
    public async Task Odd_queries_get_FastEndpoints_answers_through_the_api()
    {
        var admin = api.Admin();
        (await admin.GetAsync("/api/v1/follow-up-status?year=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/v1/follow-up-status?YEAR=2026")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/v1/follow-up-status?year=2026&year=2025")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/v1/follow-up-status?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/v1/risks/abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/v1/risks/99999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void The_status_validators_shortcut_admits_exactly_what_its_rules_admit()
    {
        var validator = new Status.Request.Validator();
        int?[] years = [null, int.MinValue, -1, 0, 1999, 2000, 2026, 2100, 2101, int.MaxValue];
        long?[] units = [null, long.MinValue, -1, 0, 1, long.MaxValue];
        int?[] limits = [null, int.MinValue, -1, 0, 1, 100, 500, 501, int.MaxValue];
        long?[] cursors = [null, long.MinValue, -1, 0, 1, long.MaxValue];
        foreach (var year in years)
        foreach (var unit in units)
        foreach (var limit in limits)
        foreach (var cursor in cursors)
        {
            var request = new Status.Request { Year = year, UnitId = unit, Limit = limit, Cursor = cursor };
            var rules = validator.ByRules(request);
            var label = $"{year} {unit} {limit} {cursor}";
            Status.Request.Validator.Admits(request).ShouldBe(rules.IsValid, label);
            validator.Validate(request).Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ShouldBe(rules.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), label);
        }
    }
}
