namespace Ifcb.Inference.Pipeline;

/// <summary>A progress report: bins done of total, ROIs scored, throughput and the estimated time left.</summary>
public sealed record ClassifyProgress(int BinsDone, int BinsTotal, long RoisScored, double RoisPerSecond, TimeSpan? Eta)
{
    /// <inheritdoc/>
    public override string ToString()
        => $"{BinsDone}/{BinsTotal} bins, {RoisScored} ROIs, {RoisPerSecond:F1} ROIs/s" + (Eta is { } eta ? $", ETA {eta:hh\\:mm\\:ss}" : string.Empty);
}
