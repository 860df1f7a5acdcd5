using Ifcb.Evaluation.Calibration;
using Ifcb.Evaluation.IO;
using Ifcb.Evaluation.Metrics;
using Ifcb.Evaluation.Thresholds;
using ScottPlot;

namespace Ifcb.Evaluation.Plots;

/// <summary>
/// The evaluation plots of the WHOI talk and more, rendered with ScottPlot 5 (SkiaSharp) to PNG: training curves,
/// the row-normalised confusion matrix, winning-score histograms, coverage/precision against threshold, per-class F1
/// against image count, and the reliability diagram before and after temperature scaling.
/// </summary>
public static class EvaluationPlots
{
    private static readonly Color Blue = Color.FromHex("#1f77b4");
    private static readonly Color Orange = Color.FromHex("#ff7f0e");
    private static readonly Color Green = Color.FromHex("#2ca02c");
    private static readonly Color Red = Color.FromHex("#d62728");
    private static readonly Color Grey = Color.FromHex("#7f7f7f");

    // ScottPlot's "sans" default resolves through fontconfig and can land on a serif face (it picks DejaVu Serif on
    // Debian); name a sans-serif family that is installed instead (Debian: fonts-dejavu-core).
    private static readonly string? SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }
        .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.MatchFamily(name) is { } face && face.FamilyName == name);

    /// <summary>Loss (left axis) and F1 / accuracy (right axis) per epoch.</summary>
    public static PlotImage TrainingCurves(IReadOnlyList<EpochRecord> epochs, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var plot = NewPlot("Training curves");
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        AddLine(plot, x, epochs.Select(e => e.TrainLoss).ToArray(), Blue, "train loss", LinePattern.Solid, plot.Axes.Left);
        AddLine(plot, x, epochs.Select(e => e.ValLoss).ToArray(), Orange, "validation loss", LinePattern.Solid, plot.Axes.Left);
        AddLine(plot, x, epochs.Select(e => e.F1Weighted).ToArray(), Green, "F1 weighted (right)", LinePattern.Dashed, plot.Axes.Right);
        AddLine(plot, x, epochs.Select(e => e.F1Macro).ToArray(), Red, "F1 macro (right)", LinePattern.Dashed, plot.Axes.Right);
        AddLine(plot, x, epochs.Select(e => e.Accuracy).ToArray(), Grey, "accuracy (right)", LinePattern.Dotted, plot.Axes.Right);
        var best = epochs.Where(e => !double.IsNaN(e.ValLoss)).MinBy(e => e.ValLoss);
        if (best is not null)
        {
            var line = plot.Add.VerticalLine(best.Epoch, 1, Grey, LinePattern.Dotted);
            line.LabelText = $"best val loss (epoch {best.Epoch})";
            line.LabelFontSize = 11;
            line.LabelOppositeAxis = true;
        }

        plot.XLabel("epoch");
        plot.YLabel("cross-entropy loss");
        plot.Axes.Right.Label.Text = "F1 / accuracy";
        plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Right);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Right);
        return Render(plot, "training_curves", "Training curves: loss (left axis) and validation F1 and accuracy (right axis) per epoch.", width, height);
    }

    /// <summary>The confusion matrix normalised by row (true class), classes ordered by recall, best first.</summary>
    public static PlotImage ConfusionMatrix(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var c = metrics.PerClass.Count;
        var order = Enumerable.Range(0, c)
            .OrderByDescending(k => metrics.PerClass[k].Recall)
            .ThenByDescending(k => metrics.PerClass[k].Support)
            .ToArray();
        var data = new double[c, c];
        for (var r = 0; r < c; r++)
        {
            var row = metrics.ConfusionMatrix[order[r]];
            double total = row.Sum();
            for (var col = 0; col < c; col++)
            {
                data[r, col] = total > 0 ? row[order[col]] / total : double.NaN;
            }
        }

        // Size the canvas from the class count so that every label keeps a readable line (>= 9 px per class).
        var cell = c <= 20 ? 32 : c <= 60 ? 16 : 11;
        var labelSize = c <= 20 ? 13f : c <= 60 ? 10f : 8f;
        var longest = metrics.PerClass.Max(p => p.Label.Length);
        var margin = (int)Math.Min(40 + (longest * labelSize * 0.6), 360);
        var side = Math.Max(c * cell, 300);
        int width = side + margin + 170, height = side + margin + 80;

        var plot = NewPlot($"Confusion matrix (row-normalised; {c} classes ordered by recall)");
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.White;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "fraction of the true class";
        bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);

        if (c <= 15)
        {
            // Few classes: print the fractions in the cells as well.
            for (var r = 0; r < c; r++)
            {
                for (var col = 0; col < c; col++)
                {
                    if (!double.IsNaN(data[r, col]) && data[r, col] >= 0.005)
                    {
                        var text = plot.Add.Text(data[r, col].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), col, c - 1 - r);
                        text.LabelAlignment = Alignment.MiddleCenter;
                        text.LabelFontSize = 12;
                        text.LabelFontColor = data[r, col] > 0.6 ? Colors.Black : Colors.White;
                    }
                }
            }
        }

        var labels = order.Select(k => metrics.PerClass[k].Label).ToArray();
        var positions = Enumerable.Range(0, c).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.Select(p => c - 1 - p).ToArray(), labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.TickLabelStyle.FontSize = labelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = labelSize;
        plot.Axes.Bottom.MinimumSize = margin;
        plot.Axes.Left.MinimumSize = margin;
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Axes.SetLimits(-0.5, c - 0.5, -0.5, c - 0.5);
        return Render(plot, "confusion_matrix", "Confusion matrix, each row divided by the true class's count; classes sorted by recall (diagonal), best first.", width, height);
    }

    /// <summary>Histograms of the winning score for correct and incorrect winners (each as a fraction of its group).</summary>
    public static PlotImage WinningScoreHistograms(float[] winning, bool[] correct, int bins = 40, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(winning);
        ArgumentNullException.ThrowIfNull(correct);
        var plot = NewPlot("Winning score: correct vs incorrect");
        var nCorrect = correct.Count(x => x);
        var nWrong = correct.Length - nCorrect;
        AddHistogram(plot, winning.Where((_, i) => correct[i]), nCorrect, bins, Blue.WithAlpha(0.55), $"correct (n = {nCorrect:N0})");
        AddHistogram(plot, winning.Where((_, i) => !correct[i]), nWrong, bins, Red.WithAlpha(0.55), $"incorrect (n = {nWrong:N0})");
        plot.XLabel("winning score (max softmax probability)");
        plot.YLabel("fraction of the group");
        plot.Axes.SetLimitsX(0, 1);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, "winning_score_histograms", "Distribution of the winning score for correctly and incorrectly classified items.", width, height);
    }

    /// <summary>Coverage and precision of the kept winners against a single threshold, the operating point marked.</summary>
    public static PlotImage CoveragePrecision(ThresholdAnalysis thresholds, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var curve = thresholds.Overall;
        var plot = NewPlot("Coverage and precision against score threshold");
        var line = plot.Add.ScatterLine(curve.Thresholds, curve.Coverage, Blue);
        line.LegendText = "coverage (fraction kept)";
        line.LineWidth = 2;
        var xs = curve.Thresholds.Where((_, j) => curve.Precision[j] is not null).ToArray();
        var ys = curve.Precision.Where(p => p is not null).Select(p => p!.Value).ToArray();
        var precision = plot.Add.ScatterLine(xs, ys, Orange);
        precision.LegendText = "precision of kept winners";
        precision.LineWidth = 2;
        var target = plot.Add.HorizontalLine(thresholds.TargetPrecision, 1, Grey, LinePattern.Dashed);
        target.LegendText = $"target precision {thresholds.TargetPrecision:0.##}";
        if (thresholds.OperatingThreshold is double t)
        {
            var v = plot.Add.VerticalLine(t, 1, Red, LinePattern.Dotted);
            v.LegendText = $"operating point t = {t:0.00}";
            var marker = plot.Add.Markers(new[] { t, t }, new[] { thresholds.OperatingCoverage ?? 0, thresholds.OperatingPrecision ?? 0 }, MarkerShape.FilledCircle, 9, Red);
            var note = plot.Add.Text($"t = {t:0.00}: keeps {Percent(thresholds.OperatingCoverage ?? 0)} at precision {Percent(thresholds.OperatingPrecision ?? 0)}", t > 0.55 ? t - 0.01 : t + 0.01, 0.08);
            note.LabelFontSize = 12;
            note.LabelAlignment = t > 0.55 ? Alignment.LowerRight : Alignment.LowerLeft;
            note.LabelFontColor = Red;
            _ = marker;
        }

        plot.XLabel("threshold on the winning score");
        plot.YLabel("fraction");
        plot.Axes.SetLimits(0, 1, 0, 1.03);
        plot.ShowLegend(Alignment.LowerLeft);
        return Render(plot, "coverage_precision", "Fraction of items kept and precision of the kept items as the winning-score threshold rises; the first threshold reaching the target precision is marked.", width, height);
    }

    /// <summary>Per-class F1 against the class's image count (log x), with the bootstrap standard deviation as error bars.</summary>
    public static PlotImage F1VersusCount(ClassificationMetrics metrics, BootstrapResult? bootstrap, int width = 900, int height = 550)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var plot = NewPlot("Per-class F1 against number of images");
        var classes = Enumerable.Range(0, metrics.PerClass.Count).Where(k => metrics.PerClass[k].Support > 0).ToArray();
        var xs = classes.Select(k => Math.Log10(metrics.PerClass[k].Support)).ToArray();
        var ys = classes.Select(k => metrics.PerClass[k].F1).ToArray();
        if (bootstrap is not null)
        {
            var errors = classes.Select(k => bootstrap.F1PerClass[k].StandardDeviation).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = Grey;
            bars.LegendText = $"± 1 s.d. over {bootstrap.Resamples} bootstrap resamples";
        }

        var points = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 7, Blue);
        points.LegendText = "class";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Pow(10, v).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
        plot.XLabel("validation images of the class (log scale)");
        plot.YLabel("F1");
        var maxX = xs.Length > 0 ? xs.Max() : 1;
        plot.Axes.SetLimits(-0.1, Math.Max(1, maxX) + 0.2, -0.03, 1.05);
        plot.ShowLegend(Alignment.LowerRight);
        return Render(plot, "f1_vs_count", "Per-class F1 against the number of validation images of the class (log scale); bars: bootstrap standard deviation.", width, height);
    }

    /// <summary>Reliability diagram: accuracy against mean confidence per bin, before and after temperature scaling.</summary>
    public static PlotImage Reliability(ReliabilityCurve before, ReliabilityCurve after, double temperature, int width = 700, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var plot = NewPlot("Reliability diagram");
        var ideal = plot.Add.ScatterLine(new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, Grey);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LegendText = "perfect calibration";
        AddReliability(plot, before, Red, $"before (ECE {before.ExpectedCalibrationError:0.000})");
        AddReliability(plot, after, Blue, $"after T = {temperature:0.00} (ECE {after.ExpectedCalibrationError:0.000})");
        plot.XLabel("mean winning score in bin (confidence)");
        plot.YLabel("accuracy in bin");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, "reliability", "Reliability diagram: per confidence bin, accuracy against mean confidence, before and after temperature scaling.", width, height);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static void AddReliability(Plot plot, ReliabilityCurve curve, Color color, string legend)
    {
        var bins = curve.Bins.Where(b => b.Count > 0).ToArray();
        var line = plot.Add.Scatter(bins.Select(b => b.MeanConfidence).ToArray(), bins.Select(b => b.Accuracy).ToArray(), color);
        line.LegendText = legend;
        line.LineWidth = 2;
        line.MarkerSize = 7;
    }

    private static void AddHistogram(Plot plot, IEnumerable<float> values, int total, int bins, Color color, string legend)
    {
        var counts = new double[bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)(v * bins), 0, bins - 1)]++;
        }

        var positions = Enumerable.Range(0, bins).Select(b => (b + 0.5) / bins).ToArray();
        var fractions = counts.Select(n => total > 0 ? n / total : 0).ToArray();
        var barPlot = plot.Add.Bars(positions, fractions);
        foreach (var bar in barPlot.Bars)
        {
            bar.Size = 1.0 / bins;
            bar.FillColor = color;
            bar.LineWidth = 0;
        }

        barPlot.LegendText = legend;
    }

    private static void AddLine(Plot plot, double[] x, double[] y, Color color, string legend, LinePattern pattern, IYAxis axis)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => !double.IsNaN(y[i])).ToArray();
        if (keep.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), color);
        line.LegendText = legend;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.Axes.YAxis = axis;
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }

        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 16;
        plot.Legend.FontSize = 12;
        return plot;
    }

    private static PlotImage Render(Plot plot, string name, string caption, int width, int height)
        => new(name, caption, plot.GetImageBytes(width, height, ImageFormat.Png), width, height);
}
