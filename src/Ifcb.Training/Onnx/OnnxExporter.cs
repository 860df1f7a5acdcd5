using Google.Protobuf;
using Ifcb.Data.IO;
using Ifcb.Training.Models;
using Onnx;

namespace Ifcb.Training.Onnx;

/// <summary>
/// Writes a registry model as an ONNX file (opset 17): input <c>input</c> [N, C, size, size] float with a dynamic
/// batch, outputs <c>logits</c> [N, classes] and <c>features</c> [N, F] (penultimate embeddings).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exporter emits.</summary>
    public const int Opset = 17;

    /// <summary>Name of the image input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the logits output.</summary>
    public const string LogitsName = "logits";

    /// <summary>Name of the embeddings output.</summary>
    public const string FeaturesName = "features";

    /// <summary>
    /// Exports <paramref name="model"/> (inference semantics: batch norm with running statistics, no dropout)
    /// for square inputs of side <paramref name="inputSize"/> to <paramref name="path"/>, atomically.
    /// <paramref name="metadata"/> goes into the model's <c>metadata_props</c>.
    /// </summary>
    public static void Export(ClassifierModule model, int inputSize, string path, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        if (inputSize < model.Architecture.MinInputSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inputSize), inputSize, $"{model.Architecture.Name} needs inputs of at least {model.Architecture.MinInputSize} px.");
        }

        var bytes = Build(model, inputSize, metadata).ToByteArray();
        AtomicFile.WriteAllBytes(path, bytes);
    }

    internal static ModelProto Build(ClassifierModule model, int inputSize, IReadOnlyDictionary<string, string> metadata)
    {
        var graph = new GraphProto { Name = model.Architecture.Name };
        graph.Input.Add(Value(InputName, model.InputChannels, inputSize, inputSize));

        var builder = new OnnxGraphBuilder(graph);
        var features = model.ApplyFeatures(builder, InputName);
        var logits = model.ApplyHead(builder, features);
        builder.Rename(logits, LogitsName);
        builder.Rename(features, FeaturesName);
        graph.Output.Add(Value(LogitsName, model.NumClasses));
        graph.Output.Add(Value(FeaturesName, model.FeatureCount));

        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "ifcb",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata)
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return proto;
    }

    /// <summary>A float tensor value whose first dimension is the symbolic batch.</summary>
    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
