using Ifcb.Data.Directories;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Runs;

/// <summary>Everything <c>ifcb classify</c> was asked to do.</summary>
public sealed record ClassifyRequest
{
    /// <summary>Directories, bins, list files or globs.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The model (run folder, our model.onnx, or a WHOI .onnx with .classes).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The output root.</summary>
    public required string OutputRoot { get; init; }

    /// <summary>Output format names (h5, csv, parquet).</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["h5"];

    /// <summary>ROIs per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Engines to run.</summary>
    public IReadOnlyList<DeviceSpec> Devices { get; init; } = [DeviceSpec.Cpu];

    /// <summary>Which shard of the archive.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>Date, instrument and id filters.</summary>
    public BinFilter Filter { get; init; } = BinFilter.None;

    /// <summary>Redo bins whose outputs are complete.</summary>
    public bool Clobber { get; init; }

    /// <summary>Write embeddings (Parquet) when the model has a <c>features</c> output.</summary>
    public bool Embeddings { get; init; }

    /// <summary>Called once per bin done (classified or found complete), with the model and the run manifest.</summary>
    public Action<Summary.BinSummary, Models.ModelDescription, RunManifest>? BinCompleted { get; init; }

    /// <summary>Parallel preprocessing workers (0: one per core).</summary>
    public int PreprocessWorkers { get; init; }

    /// <summary>Float32 as stored, or float16 converted at load (<c>--precision</c>; meant for GPUs).</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Fp32;

    /// <summary>
    /// Run the resize and normalisation inside the ONNX Runtime session (<c>--preprocess onnx</c>, meant for GPUs: the
    /// CPU then only reads bins and packs 8-bit pixels) instead of in C# on the CPU (false, the default).
    /// </summary>
    public bool PreprocessInSession { get; init; }

    /// <summary>
    /// Whether CPU sessions' threads spin between parallel sections (null: <see cref="ClassifyRun.DefaultCpuSpinning"/>).
    /// </summary>
    public bool? AllowSpinning { get; init; }

    /// <summary>Count correction: method name (none, cc, pcc, acc, pacc, em, validated); null = the default (see <see cref="CorrectionSetup"/>).</summary>
    public string? Correction { get; init; }

    /// <summary>Validation estimates refitted by <c>ifcb evaluate</c> (<c>quantification.json</c>) instead of the card's.</summary>
    public string? EstimatesPath { get; init; }

    /// <summary>Human-validated <c>pid,class</c> labels of ROIs of this run (the validated method).</summary>
    public string? ValidatedPath { get; init; }

    /// <summary>With the em method: estimate the prior over all bins of each UTC window of this span, then apply it per bin (<c>--correct-window</c>); null = per bin.</summary>
    public TimeSpan? CorrectionWindow { get; init; }

    /// <summary>Bootstrap replicates of the correction intervals.</summary>
    public int CorrectionBootstrap { get; init; } = 200;

    /// <summary>Least validation support for a class to be corrected.</summary>
    public int MinSupport { get; init; } = Ifcb.Quantification.CorrectionModel.DefaultMinSupport;
}
