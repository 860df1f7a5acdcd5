namespace Ifcb.Inference.Preprocessing;

/// <summary>
/// Turns one gray ROI into the model's input (float CHW). The seam to the shared preprocessing in
/// <c>Ifcb.Imaging</c>, so that training and inference prepare images by the same code path.
/// Implementations must be thread-safe: the pipeline calls them from several workers at once.
/// </summary>
public interface IRoiPreprocessor
{
    /// <summary>Floats written per ROI (channels x size x size).</summary>
    int ItemLength { get; }

    /// <summary>Preprocesses a row-major <paramref name="width"/> x <paramref name="height"/> image into <paramref name="destination"/>.</summary>
    void Preprocess(ReadOnlySpan<byte> pixels, int width, int height, Span<float> destination);
}
