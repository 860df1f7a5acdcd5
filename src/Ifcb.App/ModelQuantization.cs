using Ifcb.Data.Directories;
using Ifcb.Inference.Models;
using Ifcb.Inference.Quantization;
using Ifcb.Inference.Sources;

namespace Ifcb.App;

/// <summary>
/// Quantizes a float ONNX model to static int8 (QDQ), calibrated on ROIs from the user's own bins, writes the
/// <c>.classes</c> sidecar, and checks the result against the float model on other ROIs of the same bins. Shared by
/// <c>ifcb quantize</c> and any host that prepares models (the hub, an edge install).
/// </summary>
public static class ModelQuantization
{
    /// <summary>What was quantized, how it compares with the float model, and the bins that were skipped.</summary>
    public sealed record Result(string OutputPath, QuantizationResult Quantization, QuantizationCheck Check, IReadOnlyList<BinFailure> Skipped);

    /// <summary>Quantizes <paramref name="modelPath"/> into <paramref name="outputPath"/> (an <c>.onnx</c> file).</summary>
    /// <exception cref="InvalidRequestException">The model is already quantized.</exception>
    public static Result Run(string modelPath, string outputPath, IReadOnlyList<string> inputs, int images, double percentile, bool fullRange,
        BinFilter? filter = null)
    {
        var model = ModelLoader.Load(modelPath);
        if (model.IsQuantized)
        {
            throw new InvalidRequestException($"--model '{modelPath}' is already quantized");
        }

        var problems = new List<BinFailure>();
        var output = Path.GetFullPath(outputPath);
        var result = Int8Quantizer.Quantize(model.OnnxPath, output,
            CalibrationSet.FromBins(model, inputs, images, problems, filter: filter),
            new QuantizationOptions { ReduceRange = !fullRange, Percentile = percentile });
        ClassesFile.Write(ClassesFile.PathFor(output), model.Labels);
        var check = QuantizationCheck.Compare(model, ModelLoader.Load(output),
            CalibrationSet.FromBins(model, inputs, images, [], between: true, filter: filter));
        return new Result(output, result, check, [.. problems.DistinctBy(p => p.File)]);
    }
}
