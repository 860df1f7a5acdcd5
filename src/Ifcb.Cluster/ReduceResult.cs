using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Cluster;

/// <summary>What the reduce step found and wrote.</summary>
/// <param name="Bins">Bins in the archive.</param>
/// <param name="Missing">Bins without a valid output or without a row in the shards' summaries, with why.</param>
/// <param name="Failures">The merged failures report.</param>
/// <param name="Summary">The archive's summary, written as summary.csv/.sqlite only when nothing is missing.</param>
public sealed record ReduceResult(int Bins, IReadOnlyList<(BinState Bin, string Reason)> Missing, IReadOnlyList<BinFailure> Failures, MergedSummary? Summary)
{
    /// <summary>True when every bin has its outputs and its summary row.</summary>
    public bool Complete => Missing.Count == 0;
}
