using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Inference.Pipeline;

/// <summary>What a pipeline run did: per-bin summaries (sorted by time then id), failures, counts.</summary>
public sealed record ClassifyResult(
    IReadOnlyList<BinSummary> Summaries,
    IReadOnlyList<BinFailure> Failures,
    int BinsClassified,
    int BinsSkipped,
    long RoisScored,
    TimeSpan Elapsed)
{
    /// <summary>Busy time per stage (read, preprocess, copy, compute, write) of this run.</summary>
    public StageProfile Profile { get; init; } = new();
}
