namespace Ifcb.Formats.ClassScores;

/// <summary>
/// The content of one IFCB v3 class-score file (<c>{LID}_class.h5</c>): one row of class scores per ROI, in the
/// layout that pyifcb, the IFCB Dashboard, ifcb-analysis and the SMHI tools read.
/// </summary>
public sealed class ClassScoresV3
{
    /// <summary>The bin id (LID) the scores belong to.</summary>
    public required string BinId { get; init; }

    /// <summary>The class labels, one per score column.</summary>
    public required IReadOnlyList<string> ClassLabels { get; init; }

    /// <summary>The (stitched) target numbers of the classified ROIs, one per score row.</summary>
    public required uint[] RoiNumbers { get; init; }

    /// <summary>The scores, row-major: <c>Scores[roi * ClassCount + class]</c>.</summary>
    public required float[] Scores { get; init; }

    /// <summary>The model that produced the scores (written to <c>metadata@model_id</c>).</summary>
    public string ModelId { get; init; } = "";

    /// <summary>When the scores were produced, ISO-8601 (written to <c>metadata@timestamp</c>).</summary>
    public string Timestamp { get; init; } = "";

    /// <summary>The format version written to <c>metadata@version</c>.</summary>
    public string Version { get; init; } = "v3";

    /// <summary>Optional: the winning class name per ROI after per-class thresholds ("unclassified" below them).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Optional: the per-class thresholds that produced <see cref="ClassNames"/>.</summary>
    public double[]? Thresholds { get; init; }

    /// <summary>The number of ROIs (score rows).</summary>
    public int RoiCount => RoiNumbers.Length;

    /// <summary>The number of classes (score columns).</summary>
    public int ClassCount => ClassLabels.Count;

    /// <summary>The score of one ROI row for one class column.</summary>
    public float Score(int row, int column) => Scores[(row * ClassCount) + column];

    /// <summary>The 0-based argmax class of every row; ties go to the first (lowest) class, as numpy's argmax.</summary>
    public int[] OutputClasses()
    {
        var result = new int[RoiCount];
        for (var r = 0; r < RoiCount; r++)
        {
            var best = 0;
            for (var c = 1; c < ClassCount; c++)
            {
                if (Score(r, c) > Score(r, best))
                {
                    best = c;
                }
            }

            result[r] = best;
        }

        return result;
    }

    /// <summary>Checks that the shapes agree; throws <see cref="ArgumentException"/> naming the mismatch.</summary>
    public void Validate()
    {
        if (Scores.Length != RoiCount * ClassCount)
        {
            throw new ArgumentException($"{BinId}: {Scores.Length} scores do not fill {RoiCount} ROIs x {ClassCount} classes");
        }

        if (ClassNames is not null && ClassNames.Count != RoiCount)
        {
            throw new ArgumentException($"{BinId}: {ClassNames.Count} class names for {RoiCount} ROIs");
        }

        if (Thresholds is not null && Thresholds.Length != ClassCount)
        {
            throw new ArgumentException($"{BinId}: {Thresholds.Length} thresholds for {ClassCount} classes");
        }
    }
}
