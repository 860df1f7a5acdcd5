using System.Globalization;
using System.Net;
using System.Text;
using Ifcb.Evaluation.Metrics;

namespace Ifcb.Evaluation.Report;

/// <summary>
/// Renders the evaluation as ONE self-contained HTML file: inline CSS, plots as base64 PNG data URIs, and a few lines
/// of inline JavaScript that sort the per-class table. It references nothing outside itself, so it opens offline.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
        h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
        .meta{color:#666}.cards{display:flex;flex-wrap:wrap;gap:1em}
        .card{border:1px solid #ddd;border-radius:6px;padding:.8em 1.2em;min-width:12em}
        .card .v{font-size:1.8em;font-weight:600}.card .ci{color:#666;font-size:.9em}
        figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#555;font-size:.95em}
        table{border-collapse:collapse;font-size:.9em}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:right}
        th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}th:first-child,td:first-child{text-align:left}
        th.asc::after{content:" \25B2"}th.desc::after{content:" \25BC"}
        td.warn{color:#b00}
        """;

    private const string Script = """
        document.querySelectorAll('table.sortable').forEach(function (table) {
          table.querySelectorAll('th').forEach(function (th, col) {
            th.addEventListener('click', function () {
              var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
              var asc = !th.classList.contains('asc');
              table.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
              th.classList.add(asc ? 'asc' : 'desc');
              rows.sort(function (a, b) {
                var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
                var nx = parseFloat(x), ny = parseFloat(y);
                var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                return asc ? r : -r;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        });
        """;

    /// <summary>Builds the HTML text.</summary>
    public static string Render(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var b = result.Bootstrap;
        var t = result.Thresholds;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Evaluation of ").Append(E(result.ModelId)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>Evaluation of ").Append(E(result.ModelId)).Append("</h1>\n<p class=\"meta\">")
            .Append(F(result.ItemCount, "N0")).Append(" validation images, ").Append(result.ClassLabels.Count).Append(" classes, evaluated ")
            .Append(E(result.Timestamp)).Append(b is null ? "" : $". Intervals: {F(b.Level, "P0")} percentile bootstrap over {b.Resamples} resamples (seed {b.Seed})").Append(".</p>\n");

        sb.Append("<h2>Headline figures</h2>\n<div class=\"cards\">\n");
        Card(sb, "Accuracy", m.Accuracy, b?.Accuracy);
        Card(sb, "F1 weighted", m.F1Weighted, b?.F1Weighted);
        Card(sb, "F1 macro", m.F1Macro, b?.F1Macro);
        if (m.TopKAccuracy.TryGetValue(3, out var top3))
        {
            Card(sb, "Top-3 accuracy", top3, null);
        }

        sb.Append("<div class=\"card\"><div>Log loss</div><div class=\"v\">").Append(F(m.LogLoss, "0.000")).Append("</div></div>\n");
        sb.Append("<div class=\"card\"><div>Calibration error (ECE)</div><div class=\"v\">").Append(F(result.CalibrationBefore.ExpectedCalibrationError, "0.000"))
            .Append(" &rarr; ").Append(F(result.CalibrationAfter.ExpectedCalibrationError, "0.000")).Append("</div><div class=\"ci\">after temperature scaling, T = ")
            .Append(F(result.Temperature, "0.00")).Append("</div></div>\n");
        sb.Append("<div class=\"card\"><div>Single threshold for ").Append(F(t.TargetPrecision, "P0")).Append(" precision</div><div class=\"v\">")
            .Append(t.OperatingThreshold is double op ? F(op, "0.00") : "none").Append("</div><div class=\"ci\">")
            .Append(t.OperatingCoverage is double cov ? $"keeps {F(cov, "P1")} of images" : "no threshold reaches the target").Append("</div></div>\n");
        sb.Append("<div class=\"card\"><div>Per-class thresholds</div><div class=\"v\">").Append(F(t.ChosenPrecision, "P1")).Append("</div><div class=\"ci\">precision, keeping ")
            .Append(F(t.ChosenCoverage, "P1")).Append(" of images; ").Append(t.Chosen.Count(c => !c.ReachedTarget)).Append(" classes miss the target</div></div>\n");
        sb.Append("</div>\n");

        sb.Append("<h2>Plots</h2>\n");
        foreach (var plot in result.Plots)
        {
            sb.Append("<figure id=\"").Append(E(plot.Name)).Append("\"><img alt=\"").Append(E(plot.Caption)).Append("\" width=\"").Append(plot.Width)
                .Append("\" height=\"").Append(plot.Height).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(plot.Png))
                .Append("\"><figcaption>").Append(E(plot.Caption)).Append("</figcaption></figure>\n");
        }

        sb.Append("<h2>Per-class results</h2>\n<p>Click a column header to sort. Threshold: the smallest winning score at which the class's kept images reach ")
            .Append(F(t.TargetPrecision, "P0")).Append(" precision (classes marked * never reach it and use the F1-maximising threshold). ")
            .Append("Precision/recall at threshold count images below it as unclassified.</p>\n");
        sb.Append("<table class=\"sortable\"><thead><tr><th>class</th><th>support</th><th>precision</th><th>recall</th><th>F1</th>");
        if (b is not null)
        {
            sb.Append("<th>F1 ").Append(F(b.Level, "P0")).Append(" interval</th>");
        }

        sb.Append("<th>threshold</th><th>precision at threshold</th><th>recall at threshold</th><th>kept</th></tr></thead>\n<tbody>\n");
        for (var k = 0; k < m.PerClass.Count; k++)
        {
            var c = m.PerClass[k];
            var th = t.Chosen[k];
            sb.Append("<tr>");
            Cell(sb, c.Label, E(c.Label));
            Cell(sb, c.Support.ToString(CultureInfo.InvariantCulture), F(c.Support, "N0"));
            Cell(sb, c.Precision, "0.000");
            Cell(sb, c.Recall, "0.000");
            Cell(sb, c.F1, "0.000");
            if (b is not null)
            {
                var ci = b.F1PerClass[k];
                Cell(sb, (ci.Upper - ci.Lower).ToString("R", CultureInfo.InvariantCulture), $"{F(ci.Lower, "0.00")}&ndash;{F(ci.Upper, "0.00")}");
            }

            sb.Append(th.ReachedTarget ? "<td" : "<td class=\"warn\"").Append(" data-v=\"").Append(th.Threshold.ToString("R", CultureInfo.InvariantCulture)).Append("\">")
                .Append(F(th.Threshold, "0.00")).Append(th.ReachedTarget ? "" : "*").Append("</td>");
            Cell(sb, th.Precision, "0.000");
            Cell(sb, th.Recall, "0.000");
            Cell(sb, th.Coverage, "P0");
            sb.Append("</tr>\n");
        }

        sb.Append("</tbody></table>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string name, double value, ConfidenceInterval? ci)
    {
        sb.Append("<div class=\"card\"><div>").Append(name).Append("</div><div class=\"v\">").Append(F(value, "P1")).Append("</div>");
        if (ci is not null)
        {
            sb.Append("<div class=\"ci\">").Append(F(ci.Lower, "P1")).Append(" &ndash; ").Append(F(ci.Upper, "P1")).Append("</div>");
        }

        sb.Append("</div>\n");
    }

    private static void Cell(StringBuilder sb, double value, string format)
        => Cell(sb, value.ToString("R", CultureInfo.InvariantCulture), F(value, format));

    private static void Cell(StringBuilder sb, string sortValue, string html)
        => sb.Append("<td data-v=\"").Append(E(sortValue)).Append("\">").Append(html).Append("</td>");

    private static string F(double value, string format) => WebUtility.HtmlEncode(format switch
    {
        // Invariant "P" formats put a space before the sign ("95 %"); write "95%".
        "P0" => (value * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
        "P1" => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString(format, CultureInfo.InvariantCulture),
    });

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
