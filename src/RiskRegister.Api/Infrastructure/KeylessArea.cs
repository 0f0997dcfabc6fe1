namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A part of the API anyone may read without a key (the public excerpt), declared by the feature that serves it. Its
/// requests are counted per address against a limit of their own (<see cref="PermitsPerMinute"/>; 0: none), and its
/// answers, the same for everyone, may be kept by shared caches. With none registered, every path needs a key.
/// </summary>
public sealed class KeylessArea(PathString path, Func<HttpContext, int> permitsPerMinute)
{
    public bool Holds(HttpContext context) => context.Request.Path.StartsWithSegments(path);

    public int PermitsPerMinute(HttpContext context) => permitsPerMinute(context);
}
