namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// A number as clients send it in a path or query: ASCII digits only, short enough that it cannot overflow. The
/// hottest reads' binders take such a value themselves and leave every other form (a sign, spaces, other digits, an
/// empty or repeated value, one too long) to FastEndpoints' binder, whose answers to them stay its own.
/// </summary>
public static class PlainNumber
{
    public static bool TryInt32(string? text, out int value) => TryInt32(text.AsSpan(), out value);

    public static bool TryInt64(string? text, out long value) => TryDigits(text.AsSpan(), 18, out value);

    public static bool TryInt32(ReadOnlySpan<char> text, out int value)
    {
        var ok = TryDigits(text, 9, out var number);
        value = (int)number;
        return ok;
    }

    public static bool TryInt64(ReadOnlySpan<char> text, out long value) => TryDigits(text, 18, out value);

    private static bool TryDigits(ReadOnlySpan<char> text, int most, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > most) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
