using Ifcb.Evaluation;
using Ifcb.Evaluation.IO;
using Ifcb.Imaging;
using Ifcb.Models;
using TorchSharp.PyBridge;

namespace Ifcb.Training.Loop;

/// <summary>
/// Writes the run folder as epochs complete: one <c>epochs.csv</c> row per epoch; for each new best epoch its weights
/// (<c>model.pt</c>), <c>validation_predictions.csv</c> and the model card with the training provenance.
/// </summary>
internal sealed class RunFolderWriter(string runFolder, TrainOptions options) : IRunObserver
{
    /// <inheritdoc/>
    public void BestEpoch(BestEpochContext best)
    {
        ArgumentNullException.ThrowIfNull(best);
        var weights = Path.Combine(runFolder, RunFolder.Weights);
        best.Model.save_py(weights + ".partial");
        File.Move(weights + ".partial", weights, overwrite: true);
        var labels = best.Dataset.ClassLabels;
        // One writer for validation_predictions.csv: the one `ifcb evaluate --predictions` reads back.
        ValidationPredictionsCsv.Write(Path.Combine(runFolder, RunFolder.ValidationPredictions), new EvaluationInput
        {
            ClassLabels = labels,
            TrueClasses = best.Truth,
            Scores = [.. best.Probabilities.SelectMany(p => p)],
            ItemNames = [.. best.ValidationIndices.Select(i => best.Split.Validation[i].Name)],
        });
        var result = best.Result;
        var card = new ModelCard
        {
            ModelId = Path.GetFileName(runFolder.TrimEnd(Path.DirectorySeparatorChar)),
            Architecture = best.Model.Architecture.Name,
            InputSize = best.InputSize,
            InputChannels = options.Channels,
            Preprocessing = best.Preprocess.ToSpec(),
            ClassLabels = [.. labels],
            WeightsFile = RunFolder.Weights,
            Training = new TrainingProvenance
            {
                GitCommit = GitCommit(),
                Arguments = [.. options.CommandLine],
                DatasetFingerprint = best.Dataset.Fingerprint(),
                Seed = options.Seed,
                TrainingImages = best.Split.Training.Count,
                ValidationImages = best.Split.Validation.Count,
                BestEpoch = result.Epoch,
                BestMetrics = new Dictionary<string, double>
                {
                    ["val_loss"] = result.ValLoss,
                    ["accuracy"] = result.Accuracy,
                    ["f1_macro"] = result.F1Macro,
                    ["f1_weighted"] = result.F1Weighted,
                },
                Created = DateTimeOffset.UtcNow,
            },
        };
        ModelCardJson.Write(Path.Combine(runFolder, ModelCardJson.FileName), card);
    }

    /// <inheritdoc/>
    public void EpochCompleted(EpochResult result, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(result);
        File.AppendAllText(Path.Combine(runFolder, RunFolder.Epochs), result.ToCsv() + "\n");
    }

    private static string? GitCommit()
    {
        // The build stamps the commit into the informational version (x.y.z+sha) when built from a checkout.
        var version = typeof(Trainer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : null;
    }
}
