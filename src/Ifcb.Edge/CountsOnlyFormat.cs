using Ifcb.Inference.Outputs;
using Ifcb.Inference.Sources;

namespace Ifcb.Edge;

/// <summary>
/// The format used when the disk is nearly full: writes no per-ROI scores (the counts still reach the summary, the
/// outbox and the telemetry), so the instrument's own data never competes with ours for the last gigabytes.
/// </summary>
internal sealed class CountsOnlyFormat : IScoresFormat
{
    public string Name => "counts-only";

    public string PathFor(string root, BinEntry bin) => Path.Combine(OutputLayout.Folder(root, bin), bin.Lid + ".none");

    public void Write(string path, BinScores scores)
    {
        // Nothing: that is the point.
    }

    public float[]? ReadValid(string path, BinScores expected) => null;
}
