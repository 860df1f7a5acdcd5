using Ifcb.Inference.Outputs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Inference.Pipeline;

/// <summary>What one pipeline run does with its bins.</summary>
public sealed record ClassifyOptions
{
    /// <summary>The output root (per-bin files go where <see cref="Outputs.OutputLayout"/> says).</summary>
    public required string OutputRoot { get; init; }

    /// <summary>The output formats; the first is read back for the summary of bins skipped as done.</summary>
    public required IReadOnlyList<IScoresFormat> Formats { get; init; }

    /// <summary>The model id written into outputs.</summary>
    public required string ModelId { get; init; }

    /// <summary>Class labels.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Per-class thresholds for the summary (null: none).</summary>
    public IReadOnlyList<float>? Thresholds { get; init; }

    /// <summary>The run's start time from the run manifest.</summary>
    public required DateTimeOffset RunTimestamp { get; init; }

    /// <summary>ROIs per batch (forced to the model's batch for fixed-batch models).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Parallel preprocessing workers.</summary>
    public int PreprocessWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// The most memory the batch input buffers may take together (default 2 GiB). Each worker fills its own buffer,
    /// so 16 workers at GPU batch 256 of 299 px would otherwise hold 19 x 274 MB (5.2 GB; the 6.4 GB peak RSS
    /// measured on a GPU). Past the budget, workers wait for a buffer; one running and one queued per engine, plus
    /// one being filled, are always allowed, so any batch size still runs.
    /// </summary>
    public long InputBufferBudget { get; init; } = 2L << 30;

    /// <summary>
    /// Non-null when the engines preprocess (<c>--preprocess onnx</c>): the workers then only pack 8-bit pixels and
    /// geometry (<see cref="Preprocessing.PreprocessPrologue.Pack"/>) with these options, and no float batch is made.
    /// </summary>
    public Ifcb.Imaging.PreprocessOptions? PackedPixels { get; init; }

    /// <summary>Redo bins whose outputs are already complete.</summary>
    public bool Clobber { get; init; }

    /// <summary>Write embeddings (formats that can hold them) when the model exposes <c>features</c>.</summary>
    public bool Embeddings { get; init; }

    /// <summary>Count correction applied to every bin's summary (default: none).</summary>
    public CountCorrection Correction { get; init; } = CountCorrection.None;
    /// <summary>
    /// Called on the writer task once per bin whose outputs are written or found complete (skipped): the hook for
    /// pushing each bin as it completes. Keep it quick (queue, do not send).
    /// </summary>
    public Action<Summary.BinSummary>? BinCompleted { get; init; }

    /// <summary>Progress callback (bins done, ROIs/s, ETA); called from the writer task.</summary>
    public IProgress<ClassifyProgress>? Progress { get; init; }
}
