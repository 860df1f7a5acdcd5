using Ifcb.Data;
using Ifcb.Imaging;
using Ifcb.Models;
using Microsoft.ML.OnnxRuntime;

namespace Ifcb.Inference.Models;

/// <summary>
/// Opens <c>--model</c>: a run folder (holding <c>model.onnx</c>), our <c>model.onnx</c> (model card JSON in the
/// ONNX metadata under <see cref="CardKey"/>), or a WHOI-style <c>.onnx</c> with its <c>.classes</c> sidecar.
/// </summary>
public static class ModelLoader
{
    /// <summary>The ONNX metadata key that holds our model card JSON.</summary>
    public const string CardKey = ModelFiles.CardMetadataKey;

    /// <summary>Resolves and describes the model at <paramref name="path"/>.</summary>
    public static ModelDescription Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var onnx = ResolveOnnx(path);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new IfcbDataException(onnx, $"not a loadable ONNX model: {ex.Message}", inner: ex);
        }

        using (session)
        {
            var input = session.InputMetadata.First();
            var dims = input.Value.Dimensions;
            if (dims.Length != 4 || dims[2] <= 0 || dims[2] != dims[3] || dims[1] is not (1 or 3))
            {
                throw new IfcbDataException(onnx, $"input '{input.Key}' has shape [{string.Join(",", dims)}]; expected [N,1|3,S,S]");
            }

            var outputs = session.OutputMetadata;
            var logits = outputs.ContainsKey("logits") ? outputs["logits"] : outputs.First().Value;
            var classCount = logits.Dimensions[^1];
            session.ModelMetadata.CustomMetadataMap.TryGetValue(CardKey, out var cardJson);
            var sidecar = ClassesFile.PathFor(onnx);
            var description = cardJson is null
                ? new ModelDescription
                {
                    OnnxPath = onnx,
                    Kind = ModelKind.Whoi,
                    ModelId = Path.GetFileNameWithoutExtension(onnx),
                    Labels = File.Exists(sidecar) ? ClassesFile.Read(sidecar) : throw new IfcbDataException(onnx, $"no model card in the metadata and no class list '{sidecar}'"),
                    Preprocessing = new PreprocessOptions { InputSize = (int)dims[2], Channels = (int)dims[1], Resize = ResizeMode.Stretch, Mean = [0f], Std = [1f] },
                }
                : FromCard(onnx, cardJson, (int)dims[1], (int)dims[2], sidecar);
            if (session.ModelMetadata.CustomMetadataMap.ContainsKey(Quantization.Int8Quantizer.MetadataKey))
            {
                // The outputs must say which model made them: an int8 model is not its float original.
                description = description with
                {
                    IsQuantized = true,
                    ModelId = description.Kind == ModelKind.IfcbCard ? description.ModelId + "-int8" : description.ModelId,
                };
            }

            if (classCount > 0 && classCount != description.Labels.Count)
            {
                throw new IfcbDataException(onnx, $"the model has {classCount} outputs but {description.Labels.Count} class labels");
            }

            return description;
        }
    }

    /// <summary>The ONNX file for a run folder or file path.</summary>
    public static string ResolveOnnx(string path)
    {
        if (Directory.Exists(path))
        {
            var inFolder = Path.Combine(path, ModelFiles.Onnx);
            return File.Exists(inFolder) ? inFolder : throw new IfcbDataException(path, "the run folder holds no model.onnx (export it with `ifcb export`)");
        }

        return File.Exists(path) ? Path.GetFullPath(path) : throw new IfcbDataException(path, "model not found");
    }

    // The card is the one Ifcb.Models reads and validates; the graph must agree with what it says.
    private static ModelDescription FromCard(string onnx, string json, int channels, int size, string sidecar)
    {
        var card = ModelCardJson.Deserialize(json, $"{onnx} (metadata '{CardKey}')");
        if (card.InputSize != size || card.InputChannels != channels)
        {
            throw new IfcbDataException(onnx, $"the model card says {card.InputChannels}x{card.InputSize}x{card.InputSize} but the graph takes {channels}x{size}x{size}");
        }

        if (File.Exists(sidecar) && !ClassesFile.Read(sidecar).SequenceEqual(card.ClassLabels))
        {
            throw new IfcbDataException(sidecar, "the class list differs from the model card's class_labels");
        }

        return new ModelDescription
        {
            OnnxPath = onnx,
            Kind = ModelKind.IfcbCard,
            ModelId = string.IsNullOrWhiteSpace(card.ModelId) ? Path.GetFileNameWithoutExtension(onnx) : card.ModelId,
            Labels = card.ClassLabels,
            Preprocessing = card.ToPreprocessOptions(),
            Thresholds = card.Thresholds?.Select(t => (float)t).ToList(),
            Temperature = (float)card.Temperature,
            Card = card,
        };
    }
}
