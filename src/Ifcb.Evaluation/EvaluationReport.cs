using System.Globalization;
using Ifcb.Data.IO;
using Ifcb.Evaluation.Calibration;
using Ifcb.Evaluation.IO;
using Ifcb.Evaluation.Metrics;
using Ifcb.Evaluation.Plots;
using Ifcb.Evaluation.Report;
using Ifcb.Evaluation.Thresholds;

namespace Ifcb.Evaluation;

/// <summary>
/// The one entry point for the CLI and the trainer: computes metrics, bootstrap intervals, temperature scaling and
/// thresholds for a labelled set, and writes the results files, the plots and <c>report.html</c> into a folder.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Evaluates <paramref name="input"/>, writes everything into <paramref name="outDir"/> and returns the result.</summary>
    public static EvaluationResult Write(EvaluationInput input, string outDir, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new EvaluationOptions();
        var result = Compute(input, options);
        Directory.CreateDirectory(outDir);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.WriteResultsFiles)
        {
            files["results_json"] = Path.Combine(outDir, "results.json");
            files["results_h5"] = Path.Combine(outDir, "results.h5");
            files["results_mat"] = Path.Combine(outDir, "results.mat");
            files["calibration"] = Path.Combine(outDir, "calibration.json");
            ResultsFiles.WriteJson(files["results_json"], input, result);
            ResultsFiles.WriteHdf5(files["results_h5"], input, result);
            ResultsFiles.WriteMat(files["results_mat"], input, result);
            AtomicFile.WriteAllText(files["calibration"], result.ModelCard.ToJson());
        }

        if (options.WriteReport)
        {
            var plots = RenderPlots(input, result);
            var plotDir = Path.Combine(outDir, "plots");
            foreach (var plot in plots)
            {
                files[plot.Name] = Path.Combine(plotDir, plot.Name + ".png");
                AtomicFile.WriteAllBytes(files[plot.Name], plot.Png);
            }

            result = With(result, plots, files);
            files["report"] = Path.Combine(outDir, "report.html");
            AtomicFile.WriteAllText(files["report"], HtmlReport.Render(result));
        }

        return With(result, result.Plots, files);
    }

    /// <summary>Computes everything without writing files.</summary>
    public static EvaluationResult Compute(EvaluationInput input, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new EvaluationOptions();
        input.Validate();
        var predicted = input.PredictedClasses();
        var metrics = ClassificationMetrics.Compute(input, predicted);
        var bootstrap = options.BootstrapResamples > 0 && input.Count > 0
            ? Bootstrap.Compute(input, options.BootstrapResamples, options.BootstrapSeed, 0.95, predicted)
            : null;
        var temperature = TemperatureScaling.Fit(input);
        var scaled = TemperatureScaling.Apply(input, temperature);
        // Thresholds are fitted on the raw softmax scores: those are what class files store and what consumers
        // threshold; the temperature is reported (and carried in the model card) separately.
        var thresholds = ThresholdAnalysis.Compute(input, options.TargetPrecision, options.ThresholdRule, options.ThresholdSteps);
        return new EvaluationResult
        {
            ModelId = options.ModelId,
            Timestamp = options.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ClassLabels = input.ClassLabels,
            ItemCount = input.Count,
            Predicted = predicted,
            Metrics = metrics,
            Bootstrap = bootstrap,
            Temperature = temperature,
            NllBefore = TemperatureScaling.NegativeLogLikelihood(input, 1),
            NllAfter = TemperatureScaling.NegativeLogLikelihood(input, temperature),
            CalibrationBefore = ReliabilityCurve.Compute(input, options.CalibrationBins),
            CalibrationAfter = ReliabilityCurve.Compute(scaled, options.CalibrationBins),
            Thresholds = thresholds,
            ModelCard = ModelCardCalibration.From(thresholds, temperature, thresholdsOnCalibratedScores: false),
        };
    }

    /// <summary>Renders every plot the data allows (training curves only when epochs are given).</summary>
    public static IReadOnlyList<PlotImage> RenderPlots(EvaluationInput input, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var plots = new List<PlotImage>();
        if (input.Epochs is { Count: > 0 } epochs)
        {
            plots.Add(EvaluationPlots.TrainingCurves(epochs));
        }

        plots.Add(EvaluationPlots.ConfusionMatrix(result.Metrics));
        var correct = result.Predicted.Select((p, i) => p == input.TrueClasses[i]).ToArray();
        plots.Add(EvaluationPlots.WinningScoreHistograms(input.WinningScores(), correct));
        plots.Add(EvaluationPlots.CoveragePrecision(result.Thresholds));
        plots.Add(EvaluationPlots.F1VersusCount(result.Metrics, result.Bootstrap));
        plots.Add(EvaluationPlots.Reliability(result.CalibrationBefore, result.CalibrationAfter, result.Temperature));
        return plots;
    }

    private static EvaluationResult With(EvaluationResult r, IReadOnlyList<PlotImage> plots, IReadOnlyDictionary<string, string> files) => new()
    {
        ModelId = r.ModelId,
        Timestamp = r.Timestamp,
        ClassLabels = r.ClassLabels,
        ItemCount = r.ItemCount,
        Predicted = r.Predicted,
        Metrics = r.Metrics,
        Bootstrap = r.Bootstrap,
        Temperature = r.Temperature,
        NllBefore = r.NllBefore,
        NllAfter = r.NllAfter,
        CalibrationBefore = r.CalibrationBefore,
        CalibrationAfter = r.CalibrationAfter,
        Thresholds = r.Thresholds,
        ModelCard = r.ModelCard,
        Plots = plots,
        Files = new Dictionary<string, string>(files),
    };
}
