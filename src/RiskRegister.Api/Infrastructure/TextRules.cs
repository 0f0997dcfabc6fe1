#nullable disable   // one rule for string and string? properties alike (FluentValidation's own rules are written this way)
using System.Globalization;
using System.Text;
using FluentValidation;

namespace RiskRegister.Api.Infrastructure;

/// <summary>
/// What a text field may hold, in two kinds. Every text in a JSON body already refuses the C0 control characters
/// but tab and line breaks (<see cref="TextConverter"/>); a single-line field (a name, a title, a legal ground, a case
/// number) refuses those too, so that no ESC, BEL or line break reaches a list, a CSV cell or a terminal. Long texts
/// (descriptions, motivations, observations) keep their tabs and paragraphs.
/// </summary>
public static class TextRules
{
    public const string NotOneLine = "Must be one line: no tab, line break or other control character.";
    public const string Invisible = "Must not contain invisible characters (zero-width spaces, joiners, soft hyphens, direction marks).";

    /// <summary>A name, title or reference: no control character at all (tab and line breaks included).</summary>
    public static IRuleBuilderOptions<T, string> SingleLine<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(text => text is null || IsOneLine(text)).WithMessage(NotOneLine);

    /// <summary>
    /// The name of a unit or a client, which people tell apart by reading it: one line, and nothing invisible that
    /// would make two names that look alike differ (stored after NFKC, see <see cref="Name"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string> VisibleName<T>(this IRuleBuilder<T, string> rule) =>
        rule.SingleLine().Must(text => text is null || !text.Any(IsInvisible)).WithMessage(Invisible);

    public static bool IsOneLine(string text) => !text.Any(char.IsControl);

    /// <summary>Unicode's format characters (Cf): zero-width space and joiners, soft hyphen, BOM, direction marks.</summary>
    public static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// A unit's or client's name as stored and compared: trimmed and in NFKC, so that "Ｋirurgi" (full-width) and
    /// "Kirurgi", or an å written as a + ring, are the same name.
    /// </summary>
    public static string Name(string name) => name.Trim().Normalize(NormalizationForm.FormKC);
}
