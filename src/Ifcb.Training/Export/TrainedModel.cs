using Ifcb.Data;
using Ifcb.Data.IO;
using Ifcb.Models;
using Ifcb.Training.Models;
using Ifcb.Training.Onnx;

namespace Ifcb.Training.Export;

/// <summary>
/// A trained model as it lies on disk: a model card (<c>model.json</c>) and the PyTorch-format weights it names.
/// Loading rebuilds the registry architecture from the card, so the card is the single source of truth.
/// </summary>
public static class TrainedModel
{
    /// <summary>The ONNX metadata key under which the model card JSON travels (read by Ifcb.Inference).</summary>
    public const string CardMetadataKey = ModelFiles.CardMetadataKey;

    /// <summary>The ONNX file a run folder holds after export.</summary>
    public const string OnnxFileName = ModelFiles.Onnx;

    /// <summary>Finds the card: <paramref name="path"/> is a run folder or a <c>model.json</c>.</summary>
    public static string CardPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var card = Directory.Exists(path) ? Path.Combine(path, ModelCardJson.FileName) : path;
        return File.Exists(card) ? Path.GetFullPath(card) : throw new IfcbDataException(path, $"no model card ({ModelCardJson.FileName}) found");
    }

    /// <summary>Loads the card and the weights into an evaluation-mode module.</summary>
    public static (ModelCard Card, ClassifierModule Module) Load(string path)
    {
        var cardPath = CardPath(path);
        var card = ModelCardJson.Read(cardPath);
        var weights = Path.Combine(Path.GetDirectoryName(cardPath)!, card.WeightsFile);
        var module = ModelRegistry.Create(card.Architecture, card.ClassLabels.Count, card.InputChannels);
        var report = PretrainedWeights.Load(module, weights);
        if (report.SkippedHeadKeys.Count > 0)
        {
            // A model's own weights must fit it entirely: a skipped head means the card and weights disagree.
            module.Dispose();
            throw new IfcbDataException(weights, $"weights do not fit the model card ({string.Join(", ", report.SkippedHeadKeys)})");
        }

        module.eval();
        return (card, module);
    }

    /// <summary>
    /// Exports the model at <paramref name="path"/> to ONNX at <paramref name="onnxPath"/> with the card embedded
    /// in the metadata and a WHOI-style <c>.classes</c> sidecar (one label per line) beside it.
    /// </summary>
    public static void ExportOnnx(string path, string onnxPath)
    {
        var (card, module) = Load(path);
        using (module)
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [CardMetadataKey] = ModelCardJson.Serialize(card),
                ["model_id"] = card.ModelId,
                ["architecture"] = card.Architecture,
            };
            OnnxExporter.Export(module, card.InputSize, onnxPath, metadata);
        }

        AtomicFile.WriteAllText(ModelFiles.ClassesPathFor(onnxPath), string.Join('\n', card.ClassLabels) + "\n");
    }
}
