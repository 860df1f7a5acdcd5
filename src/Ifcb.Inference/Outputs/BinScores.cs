namespace Ifcb.Inference.Outputs;

/// <summary>The classification of one bin: what every output format writes.</summary>
public sealed class BinScores
{
    /// <summary>The bin id.</summary>
    public required string Lid { get; init; }

    /// <summary>Class labels in score-column order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The target (ROI) numbers scored, in order (v1: the stitched set).</summary>
    public required IReadOnlyList<int> RoiNumbers { get; init; }

    /// <summary>Probabilities, row-major RoiNumbers.Count x Labels.Count.</summary>
    public required float[] Scores { get; init; }

    /// <summary>Embeddings, row-major RoiNumbers.Count x <see cref="FeatureSize"/>, or null.</summary>
    public float[]? Features { get; init; }

    /// <summary>Length of one embedding (0 without embeddings).</summary>
    public int FeatureSize { get; init; }

    /// <summary>The model id for the metadata.</summary>
    public required string ModelId { get; init; }

    /// <summary>The run's start time (from the run manifest, so that a resumed run writes the same bytes).</summary>
    public required DateTimeOffset RunTimestamp { get; init; }

    /// <summary>The index of the highest score of row <paramref name="row"/> (first on ties).</summary>
    public int Winner(int row)
    {
        var c = Labels.Count;
        var best = 0;
        for (var j = 1; j < c; j++)
        {
            if (Scores[(row * c) + j] > Scores[(row * c) + best])
            {
                best = j;
            }
        }

        return best;
    }
}
