using System.Text.Json;
using Ifcb.Data;
using Microsoft.ML.OnnxRuntime;

namespace Ifcb.Inference.Models;

/// <summary>
/// Opens <c>--model</c>: a run folder (holding <c>model.onnx</c>), our <c>model.onnx</c> (model card JSON in the
/// ONNX metadata under <see cref="CardKey"/>), or a WHOI-style <c>.onnx</c> with its <c>.classes</c> sidecar.
/// </summary>
public static class ModelLoader
{
    /// <summary>The ONNX metadata key that holds our model card JSON.</summary>
    public const string CardKey = "ifcb_model_card";

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
                    InputChannels = (int)dims[1],
                    InputSize = (int)dims[2],
                }
                : FromCard(onnx, cardJson, (int)dims[1], (int)dims[2], sidecar);
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
            var inFolder = Path.Combine(path, "model.onnx");
            return File.Exists(inFolder) ? inFolder : throw new IfcbDataException(path, "the run folder holds no model.onnx (export it with `ifcb export`)");
        }

        return File.Exists(path) ? Path.GetFullPath(path) : throw new IfcbDataException(path, "model not found");
    }

    // Reads the fields the pipeline needs from the card (snake_case JSON). Labels come from the card, or the
    // .classes sidecar when the card has none; the input size always agrees with the ONNX graph.
    private static ModelDescription FromCard(string onnx, string json, int channels, int size, string sidecar)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new IfcbDataException(onnx, $"model card in metadata '{CardKey}' is not valid JSON: {ex.Message}", inner: ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var labels = Strings(root, "class_labels") ?? Strings(root, "labels")
                ?? (File.Exists(sidecar) ? ClassesFile.Read(sidecar) : throw new IfcbDataException(onnx, "the model card has no class_labels and there is no .classes sidecar"));
            var preprocessing = root.TryGetProperty("preprocessing", out var p) && p.ValueKind == JsonValueKind.Object ? p : root;
            var resize = Text(preprocessing, "resize_mode") ?? Text(preprocessing, "resize") ?? "stretch";
            var temperature = Number(root, "temperature") ?? 1.0;
            if (temperature <= 0)
            {
                throw new IfcbDataException(onnx, $"model card temperature {temperature} must be > 0");
            }

            var thresholds = Floats(root, "thresholds");
            if (thresholds is not null && thresholds.Count != labels.Count)
            {
                throw new IfcbDataException(onnx, $"model card has {thresholds.Count} thresholds for {labels.Count} classes");
            }

            return new ModelDescription
            {
                OnnxPath = onnx,
                Kind = ModelKind.IfcbCard,
                ModelId = Text(root, "model_id") ?? Path.GetFileNameWithoutExtension(onnx),
                Labels = labels,
                InputChannels = channels,
                InputSize = size,
                Resize = resize.Equals("pad", StringComparison.OrdinalIgnoreCase) ? ResizeMode.Pad : ResizeMode.Stretch,
                Mean = Floats(preprocessing, "mean") ?? [],
                Std = Floats(preprocessing, "std") ?? [],
                Thresholds = thresholds,
                Temperature = (float)temperature,
                CardJson = json,
            };
        }
    }

    private static string? Text(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static List<string>? Strings(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : null;

    private static List<float>? Floats(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => (float)x.GetDouble()).ToList() : null;
}
