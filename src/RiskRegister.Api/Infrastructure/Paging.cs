namespace RiskRegister.Api.Infrastructure;

/// <summary>The query of every list operation: a page at a time, <c>limit</c> 1–500 (default 100), from <c>cursor</c>.</summary>
public abstract class PageQuery
{
    /// <summary>Page size, 1–500 (default 100).</summary>
    [QueryParam] public int? Limit { get; set; }
    /// <summary>The <c>nextCursor</c> of the previous page; leave it out for the first page.</summary>
    [QueryParam] public long? Cursor { get; set; }

    internal int Take => Limit ?? Paging.DefaultLimit;
}

public static class Paging
{
    public const int DefaultLimit = 100, MaxLimit = 500;

    /// <summary>
    /// A statement's <c>LIMIT</c> from a parameter (<c>@take</c>), for every statement that has one. Not a bare
    /// <c>LIMIT @take</c>: SQLite plans that with the bound value and marks the statement to be planned again whenever the
    /// parameter is bound, even to the same value, so a kept prepared statement was parsed and planned anew on every run
    /// (most of the follow-up status's cost on SQLite: bench/README.md, "The follow-up status of one unit (issue 28, fourth
    /// round)"). Cast, the limit is an expression planned without its value. <c>PagingLimitTests</c> finds a bare one.
    /// </summary>
    public static string Limit(string parameter) => $"LIMIT CAST({parameter} AS BIGINT)";

    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : PageQuery
    {
        validator.RuleFor(x => x.Limit).InclusiveBetween(1, MaxLimit).When(x => x.Limit is not null);
        validator.RuleFor(x => x.Cursor).GreaterThanOrEqualTo(0).When(x => x.Cursor is not null);
    }

    /// <summary>
    /// One page of a list that is bounded and read whole anyway (a plan's risks, the units, the clients): the cursor is
    /// the position of the page's first item, opaque to clients. Keyset cursors (ids) are for the unbounded lists.
    /// </summary>
    public static (List<T> Items, long? NextCursor) Slice<T>(IReadOnlyList<T> all, PageQuery query)
    {
        var from = (int)Math.Min(query.Cursor ?? 0, all.Count);
        var items = all.Skip(from).Take(query.Take).ToList();
        return (items, from + items.Count < all.Count ? from + items.Count : null);
    }
}
