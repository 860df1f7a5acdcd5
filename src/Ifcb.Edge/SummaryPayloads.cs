using Ifcb.Inference.Summary;
using Ifcb.Push;

namespace Ifcb.Edge;

/// <summary>Turns the pipeline's per-bin summary into the hub's push payload.</summary>
public static class SummaryPayloads
{
    /// <summary>The payload of <paramref name="summary"/> for the model (labels and thresholds in card order).</summary>
    public static PushPayload From(BinSummary summary, IReadOnlyList<string> labels, IReadOnlyList<float>? thresholds, string modelId, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return PayloadBuilder.Build(summary.Lid, summary.Timestamp, summary.Instrument, summary.MlAnalyzed, summary.RoiCount, labels, thresholds, summary.WinnerCounts, summary.AboveThresholdCounts, modelId, modelSha256);
    }
}
