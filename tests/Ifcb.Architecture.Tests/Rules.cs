namespace Ifcb.Architecture.Tests;

/// <summary>The forbidden dependencies, in one place, so the project-file and the assembly checks agree.</summary>
internal static class Rules
{
    /// <summary>Training and libtorch: only the full `ifcb` host, the training tests and the benchmarks may reach them.</summary>
    public static bool IsTorch(string name) =>
        name.Equals("Ifcb.Training", StringComparison.Ordinal)
        || name.StartsWith("TorchSharp", StringComparison.Ordinal)
        || name.StartsWith("libtorch", StringComparison.Ordinal);

    /// <summary>
    /// Machine-learning runtimes and model formats. Ifcb.Data (bins, ids, file formats) must stay free of all of them;
    /// an image library (ImageSharp) is not ML and is allowed elsewhere, but Data needs none either.
    /// </summary>
    public static bool IsMachineLearning(string name) =>
        IsTorch(name)
        || name.StartsWith("Microsoft.ML", StringComparison.Ordinal)
        || name.StartsWith("OnnxSharp", StringComparison.Ordinal)
        || name.StartsWith("Onnx", StringComparison.Ordinal)
        || name.Equals("Ifcb.Inference", StringComparison.Ordinal);

    /// <summary>Projects and assemblies that a classify-only install carries: none may reach Training.</summary>
    public static readonly string[] TorchFree =
    [
        "Ifcb.Data", "Ifcb.Formats", "Ifcb.Models", "Ifcb.Evaluation", "Ifcb.Inference", "Ifcb.Imaging",
        "Ifcb.Datasets", "Ifcb.App", "Ifcb.Cli.Core", "Ifcb.Cli.Classify",
        "Ifcb.Quantification", "Ifcb.Push", "Ifcb.Telemetry", "Ifcb.Edge", "Ifcb.Cluster", "Ifcb.Server",
    ];
}
