using System.Text.Json;
using Google.Protobuf;
using Ifcb.Data;
using Ifcb.Data.IO;
using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>Settings of <see cref="Int8Quantizer"/>.</summary>
public sealed record QuantizationOptions
{
    /// <summary>
    /// Quantize weights to 7 bits (-63..63). On x86 CPUs without VNNI, ONNX Runtime multiplies uint8 activations by
    /// int8 weights with an instruction that saturates 16-bit pair sums; 7-bit weights cannot overflow it.
    /// </summary>
    public bool ReduceRange { get; init; } = true;

    /// <summary>
    /// Activation ranges cover this percentile of the calibration values at each end (100: minimum to maximum).
    /// </summary>
    public double Percentile { get; init; } = 99.99;
}

/// <summary>What quantization did.</summary>
/// <param name="Convolutions">Convolutions given int8 weights.</param>
/// <param name="Activations">Activations given a QuantizeLinear/DequantizeLinear pair.</param>
/// <param name="FoldedBatchNorms">Batch norms folded into convolutions first.</param>
/// <param name="CalibrationImages">Images the activation ranges were measured on.</param>
public sealed record QuantizationResult(int Convolutions, int Activations, int FoldedBatchNorms, int CalibrationImages);

/// <summary>
/// Static int8 quantization of a float ONNX classifier in the QDQ format that ONNX Runtime turns into integer
/// kernels (QLinearConv, QLinearAdd, ...): uint8 activations with ranges measured on calibration images, int8
/// per-output-channel symmetric convolution weights, int32 biases. The classifier head and the outputs stay float.
/// The result is an ordinary ONNX file: metadata (the model card) is kept and the quantization is recorded
/// under <see cref="MetadataKey"/>. The same model and calibration images give the same file, byte for byte.
/// </summary>
public static class Int8Quantizer
{
    /// <summary>The ONNX metadata key recording how the model was quantized.</summary>
    public const string MetadataKey = "ifcb_quantization";

    /// <summary>Quantizes <paramref name="sourcePath"/> into <paramref name="destinationPath"/> (written atomically).</summary>
    public static QuantizationResult Quantize(string sourcePath, string destinationPath, IEnumerable<CalibrationBatch> calibration,
        QuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(destinationPath);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new QuantizationOptions();
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(sourcePath));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new IfcbDataException(sourcePath, $"not an ONNX model: {ex.Message}", inner: ex);
        }

        if (model.MetadataProps.Any(p => p.Key == MetadataKey))
        {
            throw new IfcbDataException(sourcePath, "the model is already quantized");
        }

        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < 13)
        {
            throw new IfcbDataException(sourcePath, $"opset {opset}: per-channel quantization needs opset 13 or later (re-export the model)");
        }

        GraphPreparation.InlineConstants(model.Graph);
        var folded = GraphPreparation.FoldBatchNorms(model.Graph);
        var plan = QdqPlan.Build(new GraphIndex(model.Graph));
        var ranges = Calibrator.Measure(model, [.. plan.Calibrated], calibration, options.Percentile, out var images);
        var rewriter = new QdqRewriter(model.Graph, plan, ranges, options);
        var convolutions = rewriter.Rewrite();
        GraphPreparation.RemoveUnusedInitializers(model.Graph);

        var record = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scheme"] = "QDQ int8: uint8 activations (per tensor, percentile-calibrated), int8 weights (per output channel, symmetric)",
            ["weight_bits"] = options.ReduceRange ? 7 : 8,
            ["activation_percentile"] = options.Percentile,
            ["calibration_images"] = images,
            ["convolutions"] = convolutions,
            ["activations"] = plan.Tensors.Count,
        });
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = record });
        AtomicFile.WriteAllBytes(destinationPath, model.ToByteArray());
        return new QuantizationResult(convolutions, plan.Tensors.Count, folded, images);
    }
}
