namespace RiskRegister.Api.Features.Risks;

/// <summary>Limits on the free-text fields of risks and follow-ups, shared by their validators.</summary>
public static class TextLimits
{
    public const int Title = 300;
    public const int Text = 8000;
    public const int Short = 300;
}
