using Ifcb.Quantification;

namespace Ifcb.Inference.Summary;

/// <summary>Per-class counts of one bin: winners (argmax) and winners at or above the class threshold.</summary>
public sealed record BinSummary
{
    /// <summary>The bin id.</summary>
    public required string Lid { get; init; }

    /// <summary>Sample time (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Instrument name.</summary>
    public required string Instrument { get; init; }

    /// <summary>Number of ROIs classified.</summary>
    public required int RoiCount { get; init; }

    /// <summary>Volume analysed in mL (NaN when unknown: concentrations are then NaN).</summary>
    public required double MlAnalyzed { get; init; }

    /// <summary>Argmax winners per class.</summary>
    public required int[] WinnerCounts { get; init; }

    /// <summary>Winners whose score is at or above the class threshold (equal to the winners when the model has no thresholds).</summary>
    public required int[] AboveThresholdCounts { get; init; }

    /// <summary>Corrected counts with intervals (<c>--correct</c>), or null when not corrected.</summary>
    public BinQuantification? Corrected { get; init; }

    /// <summary>Concentration per mL of a count.</summary>
    public double Concentration(double count) => MlAnalyzed > 0 ? count / MlAnalyzed : double.NaN;

    /// <summary>Counts the winners of a bin's scores (row-major N x C).</summary>
    public static BinSummary Compute(string lid, DateTimeOffset timestamp, string instrument, double mlAnalyzed, ReadOnlySpan<float> scores, int classCount, IReadOnlyList<float>? thresholds)
    {
        var n = classCount == 0 ? 0 : scores.Length / classCount;
        var winners = new int[classCount];
        var above = new int[classCount];
        for (var i = 0; i < n; i++)
        {
            var row = scores.Slice(i * classCount, classCount);
            var best = 0;
            for (var j = 1; j < classCount; j++)
            {
                // Ties go to the first (lowest index) class, like numpy/MATLAB argmax/max.
                if (row[j] > row[best])
                {
                    best = j;
                }
            }

            winners[best]++;
            if (thresholds is null || row[best] >= thresholds[best])
            {
                above[best]++;
            }
        }

        return new BinSummary
        {
            Lid = lid,
            Timestamp = timestamp,
            Instrument = instrument,
            RoiCount = n,
            MlAnalyzed = mlAnalyzed,
            WinnerCounts = winners,
            AboveThresholdCounts = above,
        };
    }
}
