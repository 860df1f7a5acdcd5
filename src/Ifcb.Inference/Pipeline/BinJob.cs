using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Pipeline;

/// <summary>
/// A bin in flight. The reader creates it; afterwards only the writer task touches its counters and arrays
/// (the channels between them order the accesses), so no locks are needed.
/// </summary>
internal sealed class BinJob(BinEntry entry, int[] targets, double mlAnalyzed, int classCount, int featureSize)
{
    /// <summary>The bin.</summary>
    public BinEntry Entry { get; } = entry;

    /// <summary>Target numbers of the images, in order.</summary>
    public int[] Targets { get; } = targets;

    /// <summary>Volume analysed.</summary>
    public double MlAnalyzed { get; } = mlAnalyzed;

    /// <summary>Probabilities, Targets.Length x classes.</summary>
    public float[] Scores { get; } = new float[targets.Length * classCount];

    /// <summary>Embeddings, or null.</summary>
    public float[]? Features { get; } = featureSize > 0 ? new float[targets.Length * featureSize] : null;

    /// <summary>ROIs scored so far (writer only).</summary>
    public int Scored { get; set; }

    /// <summary>ROIs the reader sent, known once the seal message arrives (writer only).</summary>
    public int? Emitted { get; set; }

    /// <summary>Why the bin failed, if it did.</summary>
    public BinFailure? Failure { get; set; }

    /// <summary>Whether every ROI the reader sent has been scored.</summary>
    public bool IsDone => Emitted is int e && Scored == e;
}
