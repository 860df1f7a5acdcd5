using System.Buffers.Binary;
using Ifcb.Evaluation.Plots;

namespace Ifcb.Evaluation.Tests.Plots;

public sealed class EvaluationPlotsTests
{
    private static readonly Lazy<(EvaluationInput Input, IReadOnlyList<PlotImage> Plots)> Large = new(() =>
    {
        var input = SyntheticEvaluation.Create(120, 6000);
        var result = EvaluationReport.Compute(input, new EvaluationOptions { BootstrapResamples = 50 });
        return (input, EvaluationReport.RenderPlots(input, result));
    });

    [Fact]
    public void Every_plot_is_a_png_of_its_declared_size_with_real_content()
    {
        // Given the plots of a 120-class evaluation with a training history
        var plots = Large.Value.Plots;

        // Then all six are there, each a PNG whose header has the declared size, and none is blank
        Assert.Equal(
            ["training_curves", "confusion_matrix", "winning_score_histograms", "coverage_precision", "f1_vs_count", "reliability"],
            plots.Select(p => p.Name));
        foreach (var plot in plots)
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], plot.Png[..4]);
            Assert.Equal(plot.Width, BinaryPrimitives.ReadInt32BigEndian(plot.Png.AsSpan(16)));
            Assert.Equal(plot.Height, BinaryPrimitives.ReadInt32BigEndian(plot.Png.AsSpan(20)));
            Assert.True(plot.Png.Length > 10_000, $"{plot.Name} is suspiciously small ({plot.Png.Length} bytes)");
        }
    }

    [Fact]
    public void The_confusion_matrix_canvas_grows_with_the_class_count()
    {
        // Given 120 classes (every label needs its own readable line)
        var large = Large.Value.Plots.Single(p => p.Name == "confusion_matrix");

        // When an 8-class matrix is drawn too
        var small = EvaluationPlots.ConfusionMatrix(Ifcb.Evaluation.Metrics.ClassificationMetrics.Compute(SyntheticEvaluation.Create(8, 500, withEpochs: false)));

        // Then the large one gives each class at least 9 pixels, and the small one stays compact
        Assert.True(large.Height >= 120 * 9 && large.Width >= 120 * 9, $"{large.Width}x{large.Height}");
        Assert.True(small.Width < 1000 && small.Height < 1000, $"{small.Width}x{small.Height}");
    }

    [Fact]
    public void Without_epochs_there_is_no_training_curve()
    {
        // Given an input without epochs.csv
        var input = SyntheticEvaluation.Create(5, 300, withEpochs: false);

        // When plots are rendered
        var plots = EvaluationReport.RenderPlots(input, EvaluationReport.Compute(input, new EvaluationOptions { BootstrapResamples = 20 }));

        // Then the other five are there
        Assert.Equal(5, plots.Count);
        Assert.DoesNotContain(plots, p => p.Name == "training_curves");
    }
}
