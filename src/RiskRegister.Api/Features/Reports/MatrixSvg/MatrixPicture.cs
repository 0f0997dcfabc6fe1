using RiskRegister.Api.Features.Plans;
using System.Globalization;
using System.Text;

namespace RiskRegister.Api.Features.Reports.MatrixSvg;

/// <summary>
/// Draws the risk matrix as a heat map: sannolikhet upwards, konsekvens to the right, each cell coloured by
/// its level and showing its riskvärde (small, top left) and how many risks sit in it (large, centre).
/// The same drawing is served standalone and inlined in the summary document.
/// </summary>
public static class MatrixPicture
{
    /// <summary>The plan's matrix as a standalone SVG: adopted values, or <paramref name="round"/> <c>1</c>, <c>2</c> or <c>final</c>.</summary>
    public static string OfPlan(PlanView plan, string? round)
    {
        var (values, caption) = round switch
        {
            "1" => (MatrixRound.Round1, "Uppföljning 1"),
            "2" => (MatrixRound.Round2, "Uppföljning 2"),
            "final" => (MatrixRound.Final, "Senaste bedömning"),
            _ => (MatrixRound.Adopted, "Vid fastställande"),
        };
        var cells = ReportFigures.Matrix(plan.Scale, plan.HeldRisks, values);
        return Render(plan.Scale, cells, $"Riskmatris {plan.UnitName} {plan.Year} – {caption}", standalone: true);
    }

    private const int Cell = 88, CellHeight = 60, Left = 160, Bottom = 70, TitleLine = 18;

    // Average advance of DejaVu Sans Bold at 15 px, generous: a title line is kept within the picture's width.
    private const double TitleCharWidth = 9.6;

    // The picture is built in this thread's builder, kept between pictures: a printed plan draws two, and a builder grown
    // anew for each was a fair share of what a printed plan allocated.
    [ThreadStatic] private static StringBuilder? kept;

    public static string Render(Scale scale, IReadOnlyList<MatrixCell> cells, string caption, bool standalone)
    {
        var svg = kept ?? new StringBuilder(16 * 1024);
        kept = null;
        try
        {
            Draw(svg, scale, cells, caption, standalone);
            return svg.ToString();
        }
        finally { Keep(svg); }
    }

    /// <summary>As <see cref="Render"/>, written into <paramref name="output"/> from the builder's chunks: a printed plan's two pictures never become strings.</summary>
    public static void Write(TextWriter output, Scale scale, IReadOnlyList<MatrixCell> cells, string caption, bool standalone)
    {
        var svg = kept ?? new StringBuilder(16 * 1024);
        kept = null;
        try
        {
            Draw(svg, scale, cells, caption, standalone);
            foreach (var chunk in svg.GetChunks()) output.Write(chunk.Span);
        }
        finally { Keep(svg); }
    }

    // A picture of an unusually large scale is not kept.
    private static void Keep(StringBuilder svg)
    {
        if (svg.Capacity <= 64 * 1024) kept = svg.Clear();
    }

    private static void Draw(StringBuilder svg, Scale scale, IReadOnlyList<MatrixCell> cells, string caption, bool standalone)
    {
        var n = scale.Size;
        var width = Left + n * Cell + 12;
        var titleChars = (int)((width - 16) / TitleCharWidth);
        // A long title breaks at its dash first ("Riskmatris … 2023" / "Vid fastställande"), then between words.
        var titleLines = caption.Length <= titleChars ? [caption]
            : caption.Split(" – ").SelectMany(part => Wrap(part, titleChars)).ToList();
        var top = 12 + titleLines.Count * TitleLine + 20;
        var height = top + n * CellHeight + Bottom;
        var total = cells.Sum(c => c.Count);
        if (standalone) svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"");
        svg.Text(caption).Append("\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">");
        svg.Append("<title>").Text(caption).Append("</title>");
        // The title is centred on the whole picture and wrapped to its width, so it is never cut off.
        for (var i = 0; i < titleLines.Count; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{12 + (i + 1) * TitleLine - 4}\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">")
                .Text(titleLines[i]).Append("</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{12 + titleLines.Count * TitleLine + 10}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">")
            .Append(CultureInfo.InvariantCulture, $"{total} {(total == 1 ? "risk" : "risker")}").Append("</text>");

        // Axis titles.
        var middleY = top + n * CellHeight / 2;
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"14\" y=\"{middleY}\" transform=\"rotate(-90 14 {middleY})\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">Sannolikhet</text>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Left + n * Cell / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">Konsekvens</text>");

        foreach (var cell in cells)
        {
            var x = Left + (cell.Consequence - 1) * Cell;
            var y = top + (n - cell.Probability) * CellHeight;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"cell\" data-probability=\"{cell.Probability}\" data-consequence=\"{cell.Consequence}\" data-score=\"{cell.Score}\" data-level=\"{cell.Level.ToApi()}\" data-count=\"{cell.Count}\">");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{CellHeight}\" fill=\"{Markup.LevelColour(cell.Level)}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x + 6}\" y=\"{y + 14}\" font-size=\"12\" fill=\"#444\">{cell.Score}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x + Cell / 2}\" y=\"{y + CellHeight / 2 + 8}\" text-anchor=\"middle\" font-size=\"{(cell.Count > 0 ? 24 : 15)}\" font-weight=\"{(cell.Count > 0 ? "bold" : "normal")}\" fill=\"{(cell.Count > 0 ? "#111" : "#6b6b6b")}\">{cell.Count}</text>");
            svg.Append("</g>");
        }

        // Step labels: sannolikhet on the left (highest at the top), konsekvens below.
        for (var p = 1; p <= n; p++)
        {
            var y = top + (n - p) * CellHeight + CellHeight / 2;
            Label(svg, Left - 8, y, "end", $"{p} ", scale.ProbabilityLabels[p - 1], 14);
        }
        for (var c = 1; c <= n; c++)
        {
            var x = Left + (c - 1) * Cell + Cell / 2;
            Label(svg, x, top + n * CellHeight + 18, "middle", $"{c} ", scale.ConsequenceLabels[c - 1], 11, below: true);
        }
        svg.Append("</svg>");
    }

    /// <summary>Words into lines of at most <paramref name="maxChars"/> characters (a longer word gets a line of its own).</summary>
    internal static List<string> Wrap(string text, int maxChars)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>A step label, broken over two lines when it is too long for its place.</summary>
    private static void Label(StringBuilder svg, int x, int y, string anchor, string prefix, string label, int maxChars, bool below = false)
    {
        var text = prefix + label;
        var lines = new List<string> { text };
        var space = text.Length > maxChars ? text.LastIndexOf(' ', Math.Min(text.Length - 1, maxChars)) : -1;
        if (space > prefix.Length - 1 && space > 0) lines = [text[..space], text[(space + 1)..]];
        var firstY = below ? y : y + 5 - (lines.Count - 1) * 8;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{firstY}\" text-anchor=\"{anchor}\" font-size=\"13\" fill=\"#222\">");
        for (var i = 0; i < lines.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<tspan x=\"{x}\" dy=\"{(i == 0 ? 0 : 15)}\">");
            svg.Text(lines[i]).Append("</tspan>");
        }
        svg.Append("</text>");
    }
}
