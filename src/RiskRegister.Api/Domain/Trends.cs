namespace RiskRegister.Api.Domain;

public static class Trends
{
    /// <summary>The trend of a riskvärde against the one it is compared with.</summary>
    public static Trend Between(int previousScore, int currentScore) =>
        currentScore > previousScore ? Trend.Increased
        : currentScore < previousScore ? Trend.Decreased
        : Trend.Unchanged;
}
