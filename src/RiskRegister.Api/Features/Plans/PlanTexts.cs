using System.Linq.Expressions;

namespace RiskRegister.Api.Features.Plans;

/// <summary>The plan's own texts as creating and changing a plan take them: the same limits in both.</summary>
public static class PlanTexts
{
    /// <summary>The longest introduction, process or follow-up decision (a few pages of the document each).</summary>
    public const int MaxTextLength = 20_000;

    public static void AddPlanTextRules<T>(this AbstractValidator<T> validator,
        Expression<Func<T, string?>> documentTitle, params Expression<Func<T, string?>>[] texts)
    {
        validator.RuleFor(documentTitle).MaximumLength(PlanSettings.MaxDocumentTitleLength);
        foreach (var text in texts) validator.RuleFor(text).MaximumLength(MaxTextLength);
    }
}
