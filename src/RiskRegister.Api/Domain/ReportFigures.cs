namespace RiskRegister.Api.Domain;

/// <summary>A probability × consequence pair.</summary>
public readonly record struct RiskValue(int Probability, int Consequence)
{
    public int Score => Scale.Score(Probability, Consequence);
}

/// <summary>Which values a matrix shows: the adopted ones, a follow-up round's, or each risk's latest.</summary>
public enum MatrixRound { Adopted, Round1, Round2, Final }

/// <summary>One cell of the risk matrix and how many risks sit in it.</summary>
public sealed record MatrixCell(int Probability, int Consequence, int Score, RiskLevel Level, int Count);

/// <summary>Risks per level (risknivå).</summary>
public sealed record LevelCounts(int Green, int Yellow, int Red);

/// <summary>Risks per hanteringsmetod.</summary>
public sealed record MethodCounts(int None, int Bevakning, int Granskning, int Atgard);

/// <summary>Progress of one follow-up round: risks with the round recorded, of all risks.</summary>
public sealed record RoundProgress(int Done, int Total)
{
    public bool Complete => Done == Total;
}

/// <summary>One step of a riskvärde's path: adoption → round 1, or round 1 → round 2.</summary>
public sealed record ValueStep(string Stage, RiskValue From, RiskValue To, Trend Trend);

/// <summary>A risk whose value moved somewhere between adoption and its latest follow-up.</summary>
public sealed record ValueChange(long RiskId, string Title, RiskValue From, RiskValue To, Trend Trend, IReadOnlyList<ValueStep> Steps);

/// <summary>The figures of a summary, computed from the risks alone (no HTTP, no SQL).</summary>
public static class ReportFigures
{
    /// <summary>Every cell of the plan's matrix (probability ascending, then consequence), with its level and count.</summary>
    public static IReadOnlyList<MatrixCell> Matrix(Scale scale, IEnumerable<Risk> risks, MatrixRound round = MatrixRound.Adopted)
    {
        var counts = new int[scale.Size + 1, scale.Size + 1];
        foreach (var risk in risks)
        {
            if (ValueFor(risk, round) is not { } value) continue;
            // A value outside the scale cannot be placed; the register never stores one, so skip rather than fail.
            if (!scale.Contains(value.Probability) || !scale.Contains(value.Consequence)) continue;
            counts[value.Probability, value.Consequence]++;
        }
        var cells = new List<MatrixCell>(scale.Size * scale.Size);
        for (var p = 1; p <= scale.Size; p++)
            for (var c = 1; c <= scale.Size; c++)
                cells.Add(new MatrixCell(p, c, Scale.Score(p, c), scale.Level(p, c), counts[p, c]));
        return cells;
    }

    /// <summary>The value a matrix of <paramref name="round"/> shows for a risk; null when that round is not recorded.</summary>
    public static RiskValue? ValueFor(Risk risk, MatrixRound round) => round switch
    {
        MatrixRound.Adopted => risk.Value,
        MatrixRound.Round1 => risk.Round1?.Value,
        MatrixRound.Round2 => risk.Round2?.Value,
        _ => risk.Latest,
    };

    public static LevelCounts CountByLevel(Scale scale, IEnumerable<Risk> risks)
    {
        int green = 0, yellow = 0, red = 0;
        foreach (var risk in risks)
        {
            switch (scale.Level(risk.Value.Score))
            {
                case RiskLevel.Green: green++; break;
                case RiskLevel.Yellow: yellow++; break;
                default: red++; break;
            }
        }
        return new(green, yellow, red);
    }

    public static MethodCounts CountByMethod(IEnumerable<Risk> risks)
    {
        int none = 0, bevakning = 0, granskning = 0, atgard = 0;
        foreach (var risk in risks)
        {
            switch (risk.HandlingMethod)
            {
                case HandlingMethod.None: none++; break;
                case HandlingMethod.Bevakning: bevakning++; break;
                case HandlingMethod.Granskning: granskning++; break;
                default: atgard++; break;
            }
        }
        return new(none, bevakning, granskning, atgard);
    }

    public static (RoundProgress Round1, RoundProgress Round2) Progress(IReadOnlyCollection<Risk> risks) =>
        (new(risks.Count(r => r.Round1 is not null), risks.Count), new(risks.Count(r => r.Round2 is not null), risks.Count));

    /// <summary>
    /// Every risk whose riskvärde moved between adoption, round 1 and round 2, in the order given.
    /// <c>From</c> is the adopted value, <c>To</c> the latest; the overall trend compares those two,
    /// and <c>Steps</c> lists each move (a risk that went up and came back is listed, with trend unchanged).
    /// </summary>
    public static IReadOnlyList<ValueChange> Changes(IEnumerable<Risk> risks)
    {
        var changes = new List<ValueChange>();
        foreach (var risk in risks)
        {
            var steps = new List<ValueStep>(2);
            var previous = risk.Value;
            if (risk.Round1?.Value is { } round1)
            {
                if (round1 != previous) steps.Add(new("round1", previous, round1, Trends.Between(previous.Score, round1.Score)));
                previous = round1;
            }
            if (risk.Round2?.Value is { } round2 && round2 != previous)
                steps.Add(new("round2", previous, round2, Trends.Between(previous.Score, round2.Score)));
            if (steps.Count == 0) continue;
            changes.Add(new(risk.Id, risk.Title, risk.Value, risk.Latest, Trends.Between(risk.Value.Score, risk.Latest.Score), steps));
        }
        return changes;
    }
}
