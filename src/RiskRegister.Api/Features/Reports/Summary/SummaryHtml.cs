using System.Globalization;
using System.Text;
using RiskRegister.Api.Features.Reports.MatrixSvg;
using RiskRegister.Api.Features.Risks;

namespace RiskRegister.Api.Features.Reports.Summary;

/// <summary>
/// The summary as the printable Swedish document a nämnd reads: self-contained (inline CSS and SVG, no external
/// assets), A4 print rules, table headers repeated on every page and rows that never split across pages.
/// Every user-supplied string passes through <see cref="Markup.Escape"/>.
/// </summary>
public static class SummaryHtml
{
    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");

    public static string Render(Response s)
    {
        var plan = s.Plan;
        var scale = plan.Scale;
        var html = new StringBuilder(32 * 1024 + s.Risks.Count * 1500);
        var number = new Dictionary<long, int>(s.Risks.Count);
        for (var i = 0; i < s.Risks.Count; i++) number[s.Risks[i].Id] = i + 1;

        html.Append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append("Riskanalys och riskhanteringsplan ").Append(plan.Year).Append(" – ").Text(plan.UnitName)
            .Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        // Heading and the decision.
        html.Append("<header class=\"doc\">\n");
        if (!string.IsNullOrWhiteSpace(plan.BoardName))
            html.Append("<p class=\"board\">").Text(plan.BoardName).Append("</p>\n");
        html.Append("<h1>Riskanalys och riskhanteringsplan ").Append(plan.Year).Append("</h1>\n");
        html.Append("<p class=\"unit\">").Text(plan.UnitName).Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(plan.Title))
            html.Append("<p class=\"subtitle\">").Text(plan.Title).Append("</p>\n");
        html.Append("<dl class=\"facts\">");
        Fact(html, "Status", Markup.StatusName(plan.Status));
        if (plan.Decision is { } d)
        {
            Fact(html, "Fastställd", d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + d.Paragraph);
            Fact(html, "Diarienummer", d.CaseNumber);
        }
        else
        {
            Fact(html, "Fastställd", "Ej fastställd");
        }
        Fact(html, "Riskmatris", ScaleText(scale));
        Fact(html, "Antal risker", s.Risks.Count.ToString(CultureInfo.InvariantCulture));
        html.Append("</dl>\n</header>\n");

        Overview(html, s);
        RiskTable(html, s, number);
        LowerRisks(html, s, number);
        Round1(html, s, number);
        Round2(html, s, number);
        Changes(html, s, number);

        html.Append("<footer>Genererad ").Append(s.GeneratedAt[..16].Replace('T', ' ')).Append(" UTC ur RiskRegister · plan ")
            .Append(plan.Id).Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Fact(StringBuilder html, string term, string value) =>
        html.Append("<div><dt>").Append(term).Append("</dt><dd>").Text(value).Append("</dd></div>");

    private static string ScaleText(Scale scale)
    {
        var scores = scale.PossibleScores();
        string Band(RiskLevel level)
        {
            var inBand = scores.Where(v => scale.Level(v) == level).ToList();
            return inBand.Count == 0 ? "–" : inBand[0] == inBand[^1] ? $"{inBand[0]}" : $"{inBand[0]}–{inBand[^1]}";
        }
        return $"{scale.Size} × {scale.Size}; grön {Band(RiskLevel.Green)}, gul {Band(RiskLevel.Yellow)}, röd {Band(RiskLevel.Red)}";
    }

    private static void Overview(StringBuilder html, Response s)
    {
        html.Append("<section class=\"overview\">\n<h2>Sammanfattning</h2>\n<div class=\"figures\">\n");
        html.Append("<table class=\"counts\"><thead><tr><th>Risknivå</th><th class=\"num\">Antal</th></tr></thead><tbody>")
            .Append("<tr><td><span class=\"swatch red\"></span>Röd</td><td class=\"num\">").Append(s.CountsByLevel.Red).Append("</td></tr>")
            .Append("<tr><td><span class=\"swatch yellow\"></span>Gul</td><td class=\"num\">").Append(s.CountsByLevel.Yellow).Append("</td></tr>")
            .Append("<tr><td><span class=\"swatch green\"></span>Grön</td><td class=\"num\">").Append(s.CountsByLevel.Green).Append("</td></tr>")
            .Append("<tr class=\"total\"><td>Totalt</td><td class=\"num\">").Append(s.Risks.Count).Append("</td></tr></tbody></table>\n");
        html.Append("<table class=\"counts\"><thead><tr><th>Hanteringsmetod</th><th class=\"num\">Antal</th></tr></thead><tbody>")
            .Append("<tr><td>Åtgärd</td><td class=\"num\">").Append(s.CountsByMethod.Atgard).Append("</td></tr>")
            .Append("<tr><td>Granskning</td><td class=\"num\">").Append(s.CountsByMethod.Granskning).Append("</td></tr>")
            .Append("<tr><td>Bevakning</td><td class=\"num\">").Append(s.CountsByMethod.Bevakning).Append("</td></tr>")
            .Append("<tr><td>Ingen (lägre risk)</td><td class=\"num\">").Append(s.CountsByMethod.None).Append("</td></tr></tbody></table>\n");
        html.Append("<table class=\"counts\"><thead><tr><th>Uppföljning</th><th class=\"num\">Klar</th></tr></thead><tbody>")
            .Append("<tr><td>Uppföljning 1</td><td class=\"num\">").Append(Progress(s.FollowUps.Round1)).Append("</td></tr>")
            .Append("<tr><td>Uppföljning 2</td><td class=\"num\">").Append(Progress(s.FollowUps.Round2)).Append("</td></tr>")
            .Append("<tr><td>Förändrade riskvärden</td><td class=\"num\">").Append(s.Changes.Count).Append("</td></tr></tbody></table>\n");
        html.Append("</div>\n<div class=\"matrices\">\n<figure>")
            .Append(MatrixPicture.Render(s.Plan.Scale, s.Matrix, "Riskvärden vid fastställande", standalone: false))
            .Append("</figure>\n");
        if (s.FollowUps.Round1.Done > 0)
        {
            var latest = ReportFigures.Matrix(s.Plan.Scale, s.Risks.Select(r => r.ToValues()), MatrixRound.Final);
            html.Append("<figure>")
                .Append(MatrixPicture.Render(s.Plan.Scale, latest, "Senaste bedömning", standalone: false))
                .Append("</figure>\n");
        }
        html.Append("</div>\n</section>\n");
    }

    private static string Progress(RoundProgress p) => $"{p.Done} av {p.Total}";

    private static void Value(StringBuilder html, int probability, int consequence, int score, RiskLevel level) =>
        html.Append("<span class=\"lvl ").Append(level.ToApi()).Append("\" title=\"").Append(Markup.LevelName(level)).Append("\">")
            .Append(score).Append("</span> <span class=\"pc\">").Append(probability).Append('×').Append(consequence)
            .Append("</span><span class=\"lvlname\">").Append(Markup.LevelName(level)).Append("</span>");

    private static void RiskName(StringBuilder html, RiskView r) =>
        html.Append("<td class=\"title\">").Text(r.Title).Append("</td>");

    private static void RiskTable(StringBuilder html, Response s, Dictionary<long, int> number)
    {
        html.Append("<section>\n<h2>Risker och hantering</h2>\n");
        if (s.Risks.Count == 0)
        {
            html.Append("<p class=\"none\">Planen innehåller inga risker.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"risks\"><colgroup><col class=\"c-nr\"><col class=\"c-risk\"><col class=\"c-value\"><col class=\"c-method\"><col class=\"c-act\"></colgroup>")
            .Append("<thead><tr><th>Nr</th><th>Risk och beskrivning</th><th>Riskvärde</th><th>Hanteringsmetod och motivering</th><th>Aktiviteter (mätvärde, tidplan)</th></tr></thead>\n<tbody>\n");
        foreach (var r in s.Risks)
        {
            html.Append("<tr><td class=\"num\">").Append(number[r.Id]).Append("</td><td><strong>").Text(r.Title).Append("</strong>");
            if (!string.IsNullOrWhiteSpace(r.Description)) html.Append("<p>").Text(r.Description).Append("</p>");
            var meta = new List<string>();
            if (!string.IsNullOrWhiteSpace(r.Category)) meta.Add("Riskområde: " + r.Category);
            if (!string.IsNullOrWhiteSpace(r.Owner)) meta.Add("Riskägare: " + r.Owner);
            if (!string.IsNullOrWhiteSpace(r.Goal)) meta.Add("Mål: " + r.Goal);
            if (meta.Count > 0) html.Append("<p class=\"meta\">").Text(string.Join(" · ", meta)).Append("</p>");
            html.Append("</td><td class=\"value\">");
            Value(html, r.Probability, r.Consequence, r.Score, r.Level);
            html.Append("</td><td><strong>").Append(Markup.MethodName(r.HandlingMethod)).Append("</strong>");
            if (!string.IsNullOrWhiteSpace(r.Motivation)) html.Append("<p>").Text(r.Motivation).Append("</p>");
            else if (r.HandlingMethod != HandlingMethod.None) html.Append("<p class=\"missing\">Motivering saknas</p>");
            html.Append("</td><td>");
            if (r.Activities.Count == 0)
            {
                html.Append(r.HandlingMethod == HandlingMethod.None ? "<span class=\"none\">–</span>" : "<span class=\"missing\">Aktivitet med mätvärde och tidplan saknas</span>");
            }
            else
            {
                html.Append("<ul>");
                foreach (var a in r.Activities)
                {
                    html.Append("<li>").Text(a.Description).Append("<br><span class=\"meta\">Mätvärde: ").Text(a.Measure)
                        .Append(" · Tidplan: ").Append(a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    if (!string.IsNullOrWhiteSpace(a.Responsible)) html.Append(" · Ansvarig: ").Text(a.Responsible);
                    html.Append(" · ").Append(Markup.HandlingStatusName(a.Status)).Append("</span></li>");
                }
                html.Append("</ul>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void LowerRisks(StringBuilder html, Response s, Dictionary<long, int> number)
    {
        html.Append("<section>\n<h2>Lägre risker utan hanteringsmetod</h2>\n");
        if (s.LowerRisks.Count == 0)
        {
            html.Append("<p class=\"none\">Planen har inga risker utan hanteringsmetod.</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"lower\"><colgroup><col class=\"c-nr\"><col class=\"c-risk\"><col class=\"c-value\"><col></colgroup>")
            .Append("<thead><tr><th>Nr</th><th>Risk</th><th>Riskvärde</th><th>Motivering</th></tr></thead>\n<tbody>\n");
        foreach (var r in s.LowerRisks)
        {
            html.Append("<tr><td class=\"num\">").Append(number[r.Id]).Append("</td><td class=\"title\">").Text(r.Title).Append("</td><td class=\"value\">");
            Value(html, r.Probability, r.Consequence, r.Score, r.Level);
            html.Append("</td><td>").Text(r.Motivation).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Round1(StringBuilder html, Response s, Dictionary<long, int> number)
    {
        html.Append("<section>\n<h2>Uppföljning 1</h2>\n<p class=\"lead\">")
            .Append(Progress(s.FollowUps.Round1)).Append(" risker följda upp.</p>\n");
        if (s.Risks.Count == 0) { html.Append("</section>\n"); return; }
        html.Append("<table class=\"followup\"><colgroup><col class=\"c-nr\"><col class=\"c-fu-risk\"><col class=\"c-fu-status\"><col><col><col class=\"c-value\"><col class=\"c-trend\"></colgroup>")
            .Append("<thead><tr><th>Nr</th><th>Risk</th><th>Status för genomförd hantering</th><th>Status för iakttagelser</th><th>Händelser som påverkat risken</th><th>Riskvärde</th><th>Trend</th></tr></thead>\n<tbody>\n");
        foreach (var r in s.Risks)
        {
            html.Append("<tr><td class=\"num\">").Append(number[r.Id]).Append("</td>");
            RiskName(html, r);
            if (r.FollowUp1 is not { } f)
            {
                html.Append("<td colspan=\"5\" class=\"missing\">Uppföljning 1 ej genomförd</td></tr>\n");
                continue;
            }
            html.Append("<td>").Append(Markup.HandlingStatusName(f.HandlingStatus)).Append("</td><td>").Text(f.Observations)
                .Append("</td><td>").Text(f.Events).Append("</td><td class=\"value\">");
            Value(html, f.Probability, f.Consequence, f.Score, f.Level);
            html.Append("</td><td class=\"trend ").Append(f.Trend.ToApi()).Append("\">").Append(Markup.TrendArrow(f.Trend)).Append(' ')
                .Append(Markup.TrendName(f.Trend)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Round2(StringBuilder html, Response s, Dictionary<long, int> number)
    {
        html.Append("<section>\n<h2>Uppföljning 2</h2>\n<p class=\"lead\">")
            .Append(Progress(s.FollowUps.Round2)).Append(" risker följda upp.</p>\n");
        if (s.Risks.Count == 0) { html.Append("</section>\n"); return; }
        html.Append("<table class=\"followup\"><colgroup><col class=\"c-nr\"><col class=\"c-fu-risk\"><col><col><col><col class=\"c-value\"><col class=\"c-trend\"></colgroup>")
            .Append("<thead><tr><th>Nr</th><th>Risk</th><th>Resultat genomförd hantering</th><th>Förbättrings&shy;områden, vidare hanterings- och åtgärds&shy;behov</th><th>Motivering till slutligt riskvärde</th><th>Slutligt riskvärde</th><th>Trend</th></tr></thead>\n<tbody>\n");
        foreach (var r in s.Risks)
        {
            html.Append("<tr><td class=\"num\">").Append(number[r.Id]).Append("</td>");
            RiskName(html, r);
            if (r.FollowUp2 is not { } f)
            {
                html.Append("<td colspan=\"5\" class=\"missing\">Uppföljning 2 ej genomförd</td></tr>\n");
                continue;
            }
            html.Append("<td>").Text(f.Result).Append("</td><td>").Text(f.ImprovementAreas).Append("</td><td>").Text(f.FinalMotivation)
                .Append("</td><td class=\"value\">");
            Value(html, f.Probability, f.Consequence, f.FinalScore, f.Level);
            html.Append("</td><td class=\"trend ").Append(f.Trend.ToApi()).Append("\">").Append(Markup.TrendArrow(f.Trend)).Append(' ')
                .Append(Markup.TrendName(f.Trend)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Changes(StringBuilder html, Response s, Dictionary<long, int> number)
    {
        html.Append("<section>\n<h2>Förändrade riskvärden</h2>\n");
        if (s.Changes.Count == 0)
        {
            html.Append("<p class=\"none\">Inga riskvärden har förändrats sedan planen fastställdes.</p>\n</section>\n");
            return;
        }
        var byId = s.Risks.ToDictionary(r => r.Id);
        html.Append("<table class=\"changes\"><colgroup><col class=\"c-nr\"><col><col class=\"c-value\"><col class=\"c-value\"><col class=\"c-value\"><col class=\"c-trend\"></colgroup>")
            .Append("<thead><tr><th>Nr</th><th>Risk</th><th>Vid fastställande</th><th>Uppföljning 1</th><th>Uppföljning 2</th><th>Trend</th></tr></thead>\n<tbody>\n");
        foreach (var c in s.Changes)
        {
            var r = byId[c.RiskId];
            html.Append("<tr><td class=\"num\">").Append(number[c.RiskId]).Append("</td>");
            RiskName(html, r);
            html.Append("<td class=\"value\">");
            Value(html, r.Probability, r.Consequence, r.Score, r.Level);
            html.Append("</td><td class=\"value\">");
            if (r.FollowUp1 is { } f1) Value(html, f1.Probability, f1.Consequence, f1.Score, f1.Level); else html.Append('–');
            html.Append("</td><td class=\"value\">");
            if (r.FollowUp2 is { } f2) Value(html, f2.Probability, f2.Consequence, f2.FinalScore, f2.Level); else html.Append('–');
            html.Append("</td><td class=\"trend ").Append(c.Trend.ToApi()).Append("\">").Append(Markup.TrendArrow(c.Trend)).Append(' ')
                .Append(Markup.TrendName(c.Trend)).Append(' ').Append(c.From.Score).Append(" → ").Append(c.To.Score).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private const string Css = """

        @page { size: A4; margin: 16mm 14mm 16mm 14mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; font-size: 9.5pt; line-height: 1.4;
               color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 10mm 4mm; }
        header.doc { border-bottom: 2pt solid #1f4e79; padding-bottom: 3mm; margin-bottom: 2mm; }
        .board { margin: 0; font-size: 10pt; color: #444; text-transform: none; }
        h1 { font-size: 19pt; margin: 1mm 0 0; color: #1f4e79; line-height: 1.2; }
        .unit { font-size: 13pt; margin: 1mm 0 3mm; font-weight: bold; }
        .subtitle { margin: -2mm 0 3mm; font-style: italic; }
        dl.facts { display: flex; flex-wrap: wrap; gap: 1mm 8mm; margin: 0; }
        dl.facts div { display: flex; gap: 2mm; }
        dt { font-weight: bold; color: #444; }
        dt::after { content: ":"; }
        dd { margin: 0; }
        h2 { font-size: 12.5pt; color: #1f4e79; border-bottom: 1pt solid #1f4e79; padding-bottom: 1mm; margin: 7mm 0 3mm;
             break-after: avoid; page-break-after: avoid; }
        p { margin: 0.8mm 0; }
        .lead { margin-bottom: 2mm; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; }
        thead { display: table-header-group; }
        tr, figure, .figures { break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 0.5pt solid #a7b1bc; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
        thead th { background: #e6edf5; font-size: 8.5pt; line-height: 1.25; overflow-wrap: normal; hyphens: manual; }
        td p { margin: 0.6mm 0 0; }
        td ul { margin: 0; padding-left: 4mm; }
        td li + li { margin-top: 1mm; }
        .num { text-align: right; }
        col.c-nr { width: 8mm; }
        col.c-risk { width: 33%; }
        col.c-value { width: 21mm; }
        col.c-method { width: 25%; }
        col.c-trend { width: 27mm; }
        col.c-fu-risk { width: 23%; }
        col.c-fu-status { width: 25mm; }
        table.changes col.c-trend { width: 32mm; }
        .meta { color: #555; font-size: 8.5pt; }
        .missing { color: #9b1c1c; font-style: italic; }
        .none { color: #555; font-style: italic; }
        .lvl { display: inline-block; min-width: 6.5mm; text-align: center; border-radius: 1mm; padding: 0 1mm; font-weight: bold;
               border: 0.5pt solid rgba(0,0,0,0.25); }
        .lvl.green { background: #a8d5a2; } .lvl.yellow { background: #ffe08a; } .lvl.red { background: #f4a09a; }
        .pc { color: #444; font-size: 8.5pt; white-space: nowrap; }
        .lvlname { display: block; color: #555; font-size: 8pt; }
        td.value { white-space: nowrap; }
        td.trend { white-space: nowrap; font-size: 8.5pt; }
        .trend.increased { color: #9b1c1c; font-weight: bold; }
        .trend.decreased { color: #1b5e20; font-weight: bold; }
        .figures { display: flex; gap: 5mm; align-items: flex-start; margin-bottom: 4mm; }
        table.counts { width: auto; flex: 1; table-layout: auto; }
        table.counts td, table.counts th { padding: 0.8mm 2mm; }
        table.counts tr.total td { font-weight: bold; }
        .swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1.5mm; border: 0.5pt solid rgba(0,0,0,0.3); vertical-align: -0.3mm; }
        .swatch.red { background: #f4a09a; } .swatch.yellow { background: #ffe08a; } .swatch.green { background: #a8d5a2; }
        .matrices { display: flex; flex-wrap: wrap; gap: 6mm; justify-content: center; }
        figure { margin: 0; }
        figure svg { width: 86mm; height: auto; display: block; }
        footer { margin-top: 8mm; padding-top: 2mm; border-top: 0.5pt solid #a7b1bc; color: #666; font-size: 8pt; }
        @media print {
          body { max-width: none; padding: 0; }
          h2 { margin-top: 6mm; }
        }
        @media screen and (max-width: 700px) { .figures { flex-direction: column; } }

        """;
}
