namespace Ifcb.Inference.Sources;

/// <summary>
/// An open bin as the pipeline sees it: its image set (stitched/infilled for v1 bins) read by target into a
/// caller's buffer, and the volume analysed. Disposing releases the file handles.
/// </summary>
public interface IRoiBin : IDisposable
{
    /// <summary>The bin's id, sample time and location.</summary>
    BinEntry Entry { get; }

    /// <summary>The target numbers of the images, in target order (v1: the stitched set).</summary>
    IReadOnlyList<int> Targets { get; }

    /// <summary>Volume analysed in mL (NaN when undefined).</summary>
    double MlAnalyzed { get; }

    /// <summary>The width and height of the image of target <paramref name="target"/>.</summary>
    (int Width, int Height) GetSize(int target);

    /// <summary>Reads the 8-bit image of <paramref name="target"/> (row-major) into <paramref name="destination"/>; returns the byte count.</summary>
    int ReadImage(int target, Span<byte> destination);
}
