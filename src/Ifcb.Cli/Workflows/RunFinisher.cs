using Ifcb.Evaluation;
using Ifcb.Evaluation.Calibration;
using Ifcb.Evaluation.IO;
using Ifcb.Evaluation.Thresholds;
using Ifcb.Models;
using Ifcb.Training.Export;
using Ifcb.Training.Loop;

namespace Ifcb.Cli.Workflows;

/// <summary>
/// What happens to a training run folder after its best epoch is known: the evaluation report of the validation
/// predictions (<c>report/</c>), the fitted temperature and per-class thresholds written into the model card, and
/// the ONNX export (<c>model.onnx</c> + <c>model.classes</c>) that <c>ifcb classify</c> runs.
/// Lives in the composition root so that Training and Evaluation stay independent of each other.
/// </summary>
public static class RunFinisher
{
    /// <summary>The report sub-folder of a run.</summary>
    public const string ReportFolder = "report";

    /// <summary>Finishes <paramref name="runFolder"/>; returns the evaluation (for printing).</summary>
    public static EvaluationResult Finish(string runFolder, double targetPrecision = 0.95, int bootstrap = 1000)
    {
        var cardPath = Path.Combine(runFolder, ModelCardJson.FileName);
        var card = ModelCardJson.Read(cardPath);
        var input = ValidationPredictionsCsv.Read(Path.Combine(runFolder, RunFolder.ValidationPredictions));
        var epochs = Path.Combine(runFolder, RunFolder.Epochs);
        if (File.Exists(epochs))
        {
            input = new EvaluationInput
            {
                ClassLabels = input.ClassLabels,
                TrueClasses = input.TrueClasses,
                Scores = input.Scores,
                ItemNames = input.ItemNames,
                Epochs = EpochsCsv.Read(epochs),
            };
        }

        var options = new EvaluationOptions { ModelId = card.ModelId, TargetPrecision = targetPrecision, BootstrapResamples = bootstrap };
        var result = EvaluationReport.Write(input, Path.Combine(runFolder, ReportFolder), options);

        // Classification applies the temperature before anything else, so the thresholds that travel with the
        // model are fitted on the temperature-scaled scores it will actually compare them with.
        var scaled = TemperatureScaling.Apply(input, result.Temperature);
        var thresholds = ThresholdAnalysis.Compute(scaled, targetPrecision, ThresholdRule.TargetPrecision, options.ThresholdSteps);
        var byLabel = thresholds.Chosen.ToDictionary(c => c.Label, c => c.Threshold, StringComparer.Ordinal);
        card = card with
        {
            Temperature = result.Temperature,
            Thresholds = [.. card.ClassLabels.Select(l => byLabel.TryGetValue(l, out var t) ? t : 0.0)],
            // Count correction's validation estimates, on the scores classify will produce (temperature-scaled).
            Quantification = scaled.ClassLabels.SequenceEqual(card.ClassLabels) ? Quantification.EstimatesBuilder.Build(scaled.TrueClasses, scaled.Scores, scaled.ClassCount, "validation split") : null,
        };
        ModelCardJson.Write(cardPath, card);
        TrainedModel.ExportOnnx(runFolder, Path.Combine(runFolder, TrainedModel.OnnxFileName));
        return result;
    }
}
